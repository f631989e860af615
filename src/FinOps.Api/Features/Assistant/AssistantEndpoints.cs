using FinOps.Api.Infrastructure;
using FinOps.Core.Assistant;
using FinOps.Core.Assistant.Sql;
using FinOps.Core.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinOps.Api.Features.Assistant;

public static class AssistantEndpoints
{
    public static IEndpointRouteBuilder MapAssistantEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/ai").WithTags("Assistant").RequireAuthorization(Roles.Viewer);
        group.MapPost("/query", Query)
            .RequireRateLimiting(RateLimiting.StrictPolicy)
            .WithName("AskAssistant")
            .WithSummary("Answers a cost question in plain English with the SQL it ran")
            .WithDescription("Returns a one-line answer, the SQL, the result (columns and rows, numbers as JSON numbers), a chart " +
                "description and what was understood. Ambiguous questions get a clarifying question (kind 'clarification'); questions " +
                "out of reach get examples (kind 'unsupported'). SQL or statements in the question are refused with 400.");
        return app;
    }

    /// <summary>The question, in plain English.</summary>
    public sealed record AssistantQuery(string? Question);

    /// <summary>ARCHITECTURE §11: answer, sql, columns, rows, chart, understood; plus kind, suggestions and truncated.</summary>
    public sealed record AssistantResponse(
        string Answer,
        string? Sql,
        IReadOnlyList<string> Columns,
        IReadOnlyList<object?[]> Rows,
        ChartSpec? Chart,
        Understood Understood,
        string Kind,
        IReadOnlyList<string> Suggestions,
        bool Truncated);

    private static async Task<Results<Ok<AssistantResponse>, ProblemHttpResult>> Query(AssistantQuery body, AssistantService assistant, CancellationToken ct)
    {
        try
        {
            var a = await assistant.AskAsync(body.Question, ct);
            return TypedResults.Ok(new AssistantResponse(a.Answer, a.Sql, a.Columns, a.Rows, a.Chart, a.Understood, a.Kind, a.Suggestions, a.Truncated));
        }
        catch (AssistantRefusedException e)
        {
            return TypedResults.Problem(title: "Query refused", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
    }
}
