using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using FinOps.Api.Infrastructure;
using FinOps.Core;
using FinOps.Core.Catalog;
using FinOps.Core.Data;
using FinOps.Core.Recommendations;
using FinOps.Core.Savings;
using FinOps.Core.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FinOps.Api.Features.Recommendations;

public static class RecommendationsEndpoints
{
    public static IEndpointRouteBuilder MapRecommendationsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/recommendations").WithTags("Recommendations").RequireAuthorization(Roles.Viewer);
        group.MapGet("/", List).WithName("ListRecommendations").WithSummary("Recommendations with their evidence, filtered and paged");
        group.MapGet("/summary", Summary).WithName("GetRecommendationsSummary").WithSummary("Counts and monthly savings by status and type");
        group.MapGet("/analysis", Analysis).WithName("AnalyzeResource").WithSummary("Runs the rightsizing analysis on one resource now (nothing saved): the verdict and why");
        group.MapGet("/{id:guid}", Get).WithName("GetRecommendation").WithSummary("One recommendation with its evidence and measured savings");
        group.MapPost("/{id:guid}/accept", Accept).WithName("AcceptRecommendation").WithSummary("Agree to make the change").RequireAuthorization(Roles.Analyst);
        group.MapPost("/{id:guid}/dismiss", Dismiss).WithName("DismissRecommendation").WithSummary("Decline, with a reason").RequireAuthorization(Roles.Analyst);
        group.MapPost("/{id:guid}/apply", Apply).WithName("ApplyRecommendation").WithSummary("Record that the change was made (by hand or by remediation)").RequireAuthorization(Roles.Operator);
        return app;
    }

    public sealed record RecommendationQuery(
        string? Status, string? Type, string? Provider, string? SubAccountId, string? RegionId, string? ResourceId,
        [property: Range(0, 1_000_000_000)] decimal? MinSavings, string? Sort,
        [property: Range(1, 100_000)] int? Page, [property: Range(1, 500)] int? PageSize);

    public sealed record RecommendationResponse(
        Guid Id, string Type, string ResourceId, string? ProviderName, string? SubAccountId, string? RegionId, string? CurrentType, string? ProposedType,
        JsonElement CurrentConfig, JsonElement ProposedConfig, decimal EstimatedMonthlySavings, string Currency, JsonElement Evidence, string Status,
        string? StatusReason, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? AcceptedAt, DateTimeOffset? AppliedAt,
        DateTimeOffset? DismissedAt, DateTimeOffset? ExpiresAt, SavingResponse? Saving)
    {
        public static RecommendationResponse From(Recommendation r, FinOps.Core.Savings.Saving? s = null) => new(
            r.Id, r.Type, r.ResourceId, r.ProviderName, r.SubAccountId, r.RegionId, r.CurrentType, r.ProposedType, Parse(r.CurrentConfig), Parse(r.ProposedConfig),
            r.EstimatedMonthlySavings, r.Currency, Parse(r.Evidence), r.Status, r.StatusReason, r.CreatedAt, r.UpdatedAt, r.AcceptedAt, r.AppliedAt,
            r.DismissedAt, r.ExpiresAt, s is null ? null : SavingResponse.From(s));
    }

    public sealed record SavingResponse(
        DateOnly BaselineStart, DateOnly BaselineEnd, decimal BaselineCost, DateOnly PostStart, DateOnly PostEnd, decimal PostCost,
        decimal RealizedMonthlySavings, string Currency, bool Validated, string Method, JsonElement Details, DateTimeOffset ComputedAt)
    {
        public static SavingResponse From(FinOps.Core.Savings.Saving s) => new(s.BaselineStart, s.BaselineEnd, s.BaselineCost, s.PostStart, s.PostEnd,
            s.PostCost, s.RealizedMonthlySavings, s.Currency, s.Validated, s.Method, Parse(s.Details), s.ComputedAt);
    }

    public sealed record RecommendationPage(List<RecommendationResponse> Items, int Total, decimal TotalMonthlySavings, int Page, int PageSize);

    public sealed record SummaryRow(string Status, string Type, int Count, decimal MonthlySavings);

    public sealed record RecommendationsSummary(List<SummaryRow> Rows, int OpenCount, decimal OpenMonthlySavings, decimal RealizedThisMonth, string Currency);

    public sealed record DismissRequest([property: Required, StringLength(1000, MinimumLength = 1)] string Reason);

    public sealed record ApplyRequest(DateTimeOffset? AppliedAt, [property: StringLength(1000)] string? Note);

    private static async Task<Ok<RecommendationPage>> List([AsParameters] RecommendationQuery q, FinOpsDbContext db, CancellationToken ct)
    {
        var query = db.Recommendations.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Status))
        {
            var statuses = q.Status.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var unknown = statuses.FirstOrDefault(s => !RecommendationStatus.All.Contains(s));
            if (unknown is not null)
            {
                throw new DomainValidationException("status", $"Unknown status '{unknown}': use {string.Join(", ", RecommendationStatus.All)}.");
            }
            query = query.Where(r => statuses.Contains(r.Status));
        }
        if (!string.IsNullOrWhiteSpace(q.Type))
        {
            var types = q.Type.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            query = query.Where(r => types.Contains(r.Type));
        }
        if (!string.IsNullOrWhiteSpace(q.Provider))
        {
            var provider = CloudProviders.Normalize(q.Provider);
            query = query.Where(r => r.ProviderName == provider);
        }
        if (!string.IsNullOrWhiteSpace(q.SubAccountId))
        {
            query = query.Where(r => r.SubAccountId == q.SubAccountId);
        }
        if (!string.IsNullOrWhiteSpace(q.RegionId))
        {
            query = query.Where(r => r.RegionId == q.RegionId);
        }
        if (!string.IsNullOrWhiteSpace(q.ResourceId))
        {
            query = query.Where(r => r.ResourceId.Contains(q.ResourceId));
        }
        if (q.MinSavings is { } min)
        {
            query = query.Where(r => r.EstimatedMonthlySavings >= min);
        }
        query = (q.Sort ?? "-savings") switch
        {
            "-savings" => query.OrderByDescending(r => r.EstimatedMonthlySavings).ThenBy(r => r.ResourceId),
            "savings" => query.OrderBy(r => r.EstimatedMonthlySavings).ThenBy(r => r.ResourceId),
            "-updated" => query.OrderByDescending(r => r.UpdatedAt).ThenBy(r => r.ResourceId),
            "resource" => query.OrderBy(r => r.ResourceId).ThenBy(r => r.Type),
            var other => throw new DomainValidationException("sort", $"Unknown sort '{other}': use -savings, savings, -updated or resource."),
        };
        var page = q.Page ?? 1;
        var size = q.PageSize ?? 50;
        var total = await query.CountAsync(ct);
        var sum = await query.SumAsync(r => (decimal?)r.EstimatedMonthlySavings, ct) ?? 0;
        var rows = await query.Skip((page - 1) * size).Take(size).ToListAsync(ct);
        var ids = rows.Select(r => r.Id).ToList();
        var savings = await db.Savings.AsNoTracking().Where(s => ids.Contains(s.RecommendationId)).ToDictionaryAsync(s => s.RecommendationId, ct);
        return TypedResults.Ok(new RecommendationPage(rows.Select(r => RecommendationResponse.From(r, savings.GetValueOrDefault(r.Id))).ToList(), total, sum, page, size));
    }

    private static async Task<Ok<RecommendationsSummary>> Summary(FinOpsDbContext db, SavingsQueries savings, CancellationToken ct)
    {
        var rows = await db.Recommendations.AsNoTracking().GroupBy(r => new { r.Status, r.Type })
            .Select(g => new SummaryRow(g.Key.Status, g.Key.Type, g.Count(), g.Sum(r => r.EstimatedMonthlySavings))).ToListAsync(ct);
        var s = await savings.SummaryAsync(ct);
        return TypedResults.Ok(new RecommendationsSummary(rows.OrderBy(r => r.Status).ThenBy(r => r.Type).ToList(), s.OpenCount, s.OpenMonthlySavings, s.RealizedThisMonth, s.Currency));
    }

    private static async Task<Results<Ok<RightsizingAnalysis>, NotFound<string>>> Analysis(
        [Required, StringLength(2048, MinimumLength = 1)] string resourceId, RightsizingService service, CancellationToken ct) =>
        await service.AnalyzeOneAsync(resourceId, ct) is { } a
            ? TypedResults.Ok(a)
            : TypedResults.NotFound($"No utilization metrics for '{resourceId}' in the lookback.");

    private static async Task<Results<Ok<RecommendationResponse>, NotFound>> Get(Guid id, FinOpsDbContext db, CancellationToken ct)
    {
        var rec = await db.Recommendations.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, ct);
        if (rec is null)
        {
            return TypedResults.NotFound();
        }
        var saving = await db.Savings.AsNoTracking().FirstOrDefaultAsync(s => s.RecommendationId == id, ct);
        return TypedResults.Ok(RecommendationResponse.From(rec, saving));
    }

    private static async Task<Ok<RecommendationResponse>> Accept(Guid id, RecommendationLifecycle lifecycle, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(RecommendationResponse.From(await lifecycle.AcceptAsync(id, user.Actor(), ct)));

    private static async Task<Ok<RecommendationResponse>> Dismiss(Guid id, DismissRequest request, RecommendationLifecycle lifecycle, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(RecommendationResponse.From(await lifecycle.DismissAsync(id, request.Reason, user.Actor(), ct)));

    private static async Task<Ok<RecommendationResponse>> Apply(Guid id, ApplyRequest? request, RecommendationLifecycle lifecycle, ClaimsPrincipal user, CancellationToken ct) =>
        TypedResults.Ok(RecommendationResponse.From(await lifecycle.ApplyAsync(id, request?.AppliedAt, request?.Note, user.Actor(), ct)));

    private static JsonElement Parse(string json)
    {
        using var doc = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
        return doc.RootElement.Clone();
    }
}
