using System.ComponentModel.DataAnnotations;
using FinOps.Core.Costs;
using FinOps.Core.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinOps.Api.Features.Costs;

public static class CostsEndpoints
{
    public static IEndpointRouteBuilder MapCostsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/costs").WithTags("Costs").RequireAuthorization(Roles.Viewer);
        group.MapGet("/summary", Summary).WithName("GetCostSummary").WithSummary("Month to date against last month, and the top services");
        group.MapGet("/timeseries", Timeseries).WithName("GetCostTimeseries").WithSummary("Cost per day or month, grouped by a dimension");
        group.MapGet("/breakdown", Breakdown).WithName("GetCostBreakdown").WithSummary("Cost over a range, grouped by a dimension");
        group.MapGet("/export", Export).WithName("ExportCosts").WithSummary("The grouped costs as CSV");
        return app;
    }

    /// <summary>Query string shared by the cost views; a missing range means the last 30 days.</summary>
    public sealed record CostQueryParameters(
        DateOnly? From, DateOnly? To, string? Granularity, string? GroupBy, string? Metric,
        string? Provider, string? SubAccountId, string? ServiceName, string? RegionId, string? ChargeCategory, string? Currency,
        [property: Range(1, 100)] int? Top)
    {
        public CostFilter ToFilter(TimeProvider time)
        {
            var to = To ?? DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            return new CostFilter(From ?? to.AddDays(-29), to, Provider, SubAccountId, ServiceName, RegionId, ChargeCategory, Currency);
        }

        public string GroupByOrDefault => GroupBy ?? "service";
        public string MetricOrDefault => Metric ?? "effective";
        public string GranularityOrDefault => Granularity ?? "day";
    }

    private static async Task<Ok<CostSummary>> Summary(string? currency, CostQueries costs, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await costs.SummaryAsync(DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), currency, ct));

    private static async Task<Ok<CostTimeseries>> Timeseries([AsParameters] CostQueryParameters q, CostQueries costs, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await costs.TimeseriesAsync(q.ToFilter(time), q.GranularityOrDefault, q.GroupByOrDefault, q.MetricOrDefault, q.Top ?? 8, ct));

    private static async Task<Ok<CostBreakdown>> Breakdown([AsParameters] CostQueryParameters q, CostQueries costs, TimeProvider time, CancellationToken ct) =>
        TypedResults.Ok(await costs.BreakdownAsync(q.ToFilter(time), q.GroupByOrDefault, q.MetricOrDefault, q.Top, ct));

    private static async Task Export([AsParameters] CostQueryParameters q, CostQueries costs, TimeProvider time, HttpContext http, CancellationToken ct)
    {
        var filter = q.ToFilter(time);
        filter.Validate();
        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"costs_{filter.From:yyyyMMdd}_{filter.To:yyyyMMdd}.csv\"";
        await using var writer = new StreamWriter(http.Response.Body);
        await costs.WriteCsvAsync(writer, filter, q.GranularityOrDefault, q.GroupByOrDefault, q.MetricOrDefault, ct);
    }
}
