using System.ComponentModel.DataAnnotations;
using FinOps.Api.Features.Recommendations;
using FinOps.Core.Data;
using FinOps.Core.Savings;
using FinOps.Core.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FinOps.Api.Features.Savings;

public static class SavingsEndpoints
{
    public static IEndpointRouteBuilder MapSavingsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/savings").WithTags("Savings").RequireAuthorization(Roles.Viewer);
        group.MapGet("/", List).WithName("ListSavings").WithSummary("Measured savings per applied recommendation: realized against estimated");
        group.MapGet("/summary", Summary).WithName("GetSavingsSummary").WithSummary("Realized this month and to date, against the estimates, and the open potential");
        return app;
    }

    public sealed record SavingsQuery(bool? Validated, [property: Range(1, 100_000)] int? Page, [property: Range(1, 500)] int? PageSize);

    public sealed record SavingsRow(RecommendationsEndpoints.RecommendationResponse Recommendation, RecommendationsEndpoints.SavingResponse Saving,
        decimal EstimatedMonthlySavings, decimal? RealizedVsEstimated);

    public sealed record SavingsPage(List<SavingsRow> Items, int Total, int Page, int PageSize);

    private static async Task<Ok<SavingsPage>> List([AsParameters] SavingsQuery q, FinOpsDbContext db, CancellationToken ct)
    {
        var query = from s in db.Savings.AsNoTracking()
                    join r in db.Recommendations.AsNoTracking() on s.RecommendationId equals r.Id
                    select new { s, r };
        if (q.Validated is { } v)
        {
            query = query.Where(x => x.s.Validated == v);
        }
        var page = q.Page ?? 1;
        var size = q.PageSize ?? 50;
        var total = await query.CountAsync(ct);
        var rows = await query.OrderByDescending(x => x.s.RealizedMonthlySavings).ThenBy(x => x.r.ResourceId).Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new SavingsPage(rows.Select(x => new SavingsRow(
            RecommendationsEndpoints.RecommendationResponse.From(x.r, x.s), RecommendationsEndpoints.SavingResponse.From(x.s), x.r.EstimatedMonthlySavings,
            x.r.EstimatedMonthlySavings > 0 ? Math.Round(x.s.RealizedMonthlySavings / x.r.EstimatedMonthlySavings, 4) : null)).ToList(), total, page, size));
    }

    private static async Task<Ok<SavingsQueries.SavingsSummary>> Summary(SavingsQueries savings, CancellationToken ct) =>
        TypedResults.Ok(await savings.SummaryAsync(ct));
}
