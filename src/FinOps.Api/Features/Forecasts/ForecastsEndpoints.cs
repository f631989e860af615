using System.ComponentModel.DataAnnotations;
using FinOps.Core.Forecasting;
using FinOps.Core.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinOps.Api.Features.Forecasts;

public static class ForecastsEndpoints
{
    public static IEndpointRouteBuilder MapForecastsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/forecasts").WithTags("Forecasts").RequireAuthorization(Roles.Viewer);
        group.MapGet("/", Scope).WithName("GetForecast")
            .WithSummary("Actuals and the latest forecast of a scope (no subAccountId/serviceName = total) with 80/95% intervals, the model chosen and its backtest");
        group.MapGet("/month-end", MonthEnd).WithName("GetMonthEndForecast")
            .WithSummary("This month's actual to date, forecast month-end total with 80/95% intervals, last month's total, and budgets against the forecast");
        group.MapGet("/models", Models).WithName("GetForecastModels")
            .WithSummary("Per scope, the model the backtest chose and every candidate's backtest errors (MASE, sMAPE)");
        return app;
    }

    /// <summary>A scope: both empty = total.</summary>
    public sealed record ScopeQuery(
        [property: StringLength(256)] string? SubAccountId,
        [property: StringLength(512)] string? ServiceName,
        [property: RegularExpression("^[A-Z]{3}$", ErrorMessage = "Currency must be an ISO 4217 code such as USD.")] string? Currency,
        [property: Range(7, 730)] int? HistoryDays);

    private static async Task<Ok<ScopeForecastView>> Scope([AsParameters] ScopeQuery q, ForecastQueries forecasts, CancellationToken ct) =>
        TypedResults.Ok(await forecasts.ScopeAsync(
            new ForecastScope(NullIfBlank(q.SubAccountId), NullIfBlank(q.ServiceName)), q.Currency, q.HistoryDays ?? 90, ct));

    private static async Task<Ok<MonthEndView>> MonthEnd(
        [RegularExpression("^[A-Z]{3}$", ErrorMessage = "Currency must be an ISO 4217 code such as USD.")] string? currency, ForecastQueries forecasts, CancellationToken ct) =>
        TypedResults.Ok(await forecasts.MonthEndAsync(currency, ct));

    private static async Task<Ok<ModelsView>> Models(
        [RegularExpression("^[A-Z]{3}$", ErrorMessage = "Currency must be an ISO 4217 code such as USD.")] string? currency, ForecastQueries forecasts, CancellationToken ct) =>
        TypedResults.Ok(await forecasts.ModelsAsync(currency, ct));

    private static string? NullIfBlank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}
