using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FinOps.Core.Forecasting;

public sealed record ActualPoint(DateOnly Day, decimal Cost);

public sealed record ForecastPointView(DateOnly Day, decimal Predicted, decimal Lower80, decimal Upper80, decimal Lower95, decimal Upper95);

/// <summary>A scope's latest forecast: actuals, forecast band, the model that won and the backtest table behind it.</summary>
/// <param name="Status"><c>ok</c>, <c>insufficient_history</c> (fewer than 30 days: no numbers on purpose) or <c>not_forecast</c> (no run yet).</param>
public sealed record ScopeForecastView(
    string Currency, string? SubAccountId, string? ServiceName, string Status, string? Message, DateOnly? AsOf, DateTimeOffset? GeneratedAt,
    string? Model, int HistoryDays, IReadOnlyList<ModelScore> Backtest, IReadOnlyList<ActualPoint> History,
    IReadOnlyList<ForecastPointView> Points, IReadOnlyList<PeriodTotalView> Months);

/// <summary>A calendar month's forecast total (actuals already in the month included) with its intervals.</summary>
public sealed record PeriodTotalView(DateOnly Month, decimal ActualToDate, decimal Predicted, decimal Lower80, decimal Upper80, decimal Lower95, decimal Upper95);

/// <summary>Budget against forecast for one month: projected overrun and how likely it is, and when the budget is crossed.</summary>
/// <param name="ProbabilityOverBudget">From the backtest error distribution of the month's remaining total.</param>
/// <param name="CrossingDay">First day on which actuals plus the forecast pass the budget (null if they never do this month).</param>
public sealed record BudgetStatus(
    string Scope, string? SubAccountId, string? Name, decimal Budget, decimal ActualToDate, decimal ForecastMonthEnd, decimal Lower80, decimal Upper80,
    decimal ProjectedOverrun, double ProbabilityOverBudget, DateOnly? CrossingDay, string State);

public sealed record MonthEndView(
    string Currency, string Status, string? Message, DateOnly Month, DateOnly? AsOf, decimal ActualToDate, decimal? ForecastMonthEnd,
    decimal? Lower80, decimal? Upper80, decimal? Lower95, decimal? Upper95, decimal PreviousMonthTotal, string? Model,
    BudgetStatus? TotalBudget, IReadOnlyList<BudgetStatus> Accounts);

public sealed record ScopeModelView(string? SubAccountId, string? ServiceName, string Status, string Model, int HistoryDays, double? Mase, double? SeasonalNaiveMase, IReadOnlyList<ModelScore> Backtest);

public sealed record ModelsView(string Currency, DateOnly? AsOf, IReadOnlyDictionary<string, int> Wins, double? MedianMaseRatio, IReadOnlyList<ScopeModelView> Scopes);

/// <summary>Reads the latest forecasts for the API and the budget alerts; actuals from <c>daily_costs</c>.</summary>
public sealed class ForecastQueries(NpgsqlDataSource dataSource, IOptions<ForecastingOptions> options)
{
    private sealed record RunRow(Guid Id, string? SubAccountId, string? ServiceName, string Model, string BacktestErrors, int HistoryDays,
        string Currency, DateTimeOffset GeneratedAt, DateOnly AsOf, string Status, string Periods);

    private sealed record BacktestDocument(List<ModelScore> Models);

    public async Task<ScopeForecastView> ScopeAsync(ForecastScope scope, string? currency, int historyDays, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        currency ??= await CurrencyAsync(conn, ct);
        var run = await LatestRunAsync(conn, scope, currency, ct);
        var historyEnd = run?.AsOf ?? await LastDayAsync(conn, currency, ct);
        var history = historyEnd is { } end ? await ActualsAsync(conn, scope, currency, end.AddDays(-(historyDays - 1)), end, ct) : [];
        if (run is null)
        {
            return new ScopeForecastView(currency, scope.SubAccountId, scope.ServiceName, "not_forecast",
                "No forecast for this scope yet: the cost-forecasting job has not run, or the scope had no spend in the last 28 days.",
                null, null, null, 0, [], history, [], []);
        }
        if (run.Status == ForecastRunStatus.InsufficientHistory)
        {
            return new ScopeForecastView(currency, scope.SubAccountId, scope.ServiceName, run.Status,
                $"Not enough history: {run.HistoryDays} days of data, a forecast needs at least {new ForecastEngineOptions().MinHistoryDays}.",
                run.AsOf, run.GeneratedAt, null, run.HistoryDays, [], history, [], []);
        }
        var points = await PointsAsync(conn, run.Id, ct);
        var months = new List<PeriodTotalView>();
        foreach (var period in Periods(run))
        {
            var actual = period.From > period.Month ? Sum(history, period.Month, period.From.AddDays(-1)) ?? await SumAsync(conn, scope, currency, period.Month, period.From.AddDays(-1), ct) : 0;
            months.Add(new PeriodTotalView(period.Month, actual, Cents(actual + period.Predicted), Cents(actual + period.Lower80), Cents(actual + period.Upper80),
                Cents(actual + period.Lower95), Cents(actual + period.Upper95)));
        }
        return new ScopeForecastView(currency, scope.SubAccountId, scope.ServiceName, run.Status, null, run.AsOf, run.GeneratedAt, run.Model,
            run.HistoryDays, Backtest(run), history, points, months);
    }

    public async Task<MonthEndView> MonthEndAsync(string? currency, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        currency ??= await CurrencyAsync(conn, ct);
        var run = await LatestRunAsync(conn, ForecastScope.Total, currency, ct);
        var asOf = run?.AsOf ?? await LastDayAsync(conn, currency, ct);
        var month = asOf is { } d ? new DateOnly(d.AddDays(1).Year, d.AddDays(1).Month, 1) : default;
        var actual = asOf is { } a && a >= month ? await SumAsync(conn, ForecastScope.Total, currency, month, a, ct) : 0;
        var previous = asOf is null ? 0 : await SumAsync(conn, ForecastScope.Total, currency, month.AddMonths(-1), month.AddDays(-1), ct);
        if (run is null || run.Status != ForecastRunStatus.Ok)
        {
            var message = run is null
                ? "No forecast yet: the cost-forecasting job has not run on this data."
                : $"Not enough history: {run.HistoryDays} days of data, a forecast needs at least {new ForecastEngineOptions().MinHistoryDays}.";
            return new MonthEndView(currency, run?.Status ?? "not_forecast", message, month, asOf, actual, null, null, null, null, null, previous, null, null, []);
        }
        var remainder = Periods(run).FirstOrDefault(p => p.Month == month);
        var points = await PointsAsync(conn, run.Id, ct);
        var accounts = new List<BudgetStatus>();
        foreach (var (subAccountId, name, budget) in await BudgetsAsync(conn, currency, ct))
        {
            var scope = new ForecastScope(subAccountId, null);
            var accountRun = await LatestRunAsync(conn, scope, currency, ct);
            var accountActual = await SumAsync(conn, scope, currency, month, run.AsOf, ct);
            if (accountRun is not { Status: ForecastRunStatus.Ok } || accountRun.AsOf != run.AsOf)
            {
                accounts.Add(new BudgetStatus("sub_account", subAccountId, name, budget, accountActual, accountActual, accountActual, accountActual,
                    accountActual - budget, accountActual > budget ? 1 : 0, null, accountActual > budget ? "exceeded" : "no_forecast"));
                continue;
            }
            accounts.Add(Evaluate("sub_account", subAccountId, name, budget, accountActual,
                Periods(accountRun).FirstOrDefault(p => p.Month == month), await PointsAsync(conn, accountRun.Id, ct)));
        }
        var o = options.Value;
        decimal? totalBudget = o.TotalMonthlyBudget is { } configured && o.TotalBudgetCurrency == currency
            ? configured
            : accounts.Count > 0 ? accounts.Sum(x => x.Budget) : null;
        var total = totalBudget is { } tb ? Evaluate("total", null, null, tb, actual, remainder, points) : null;
        return new MonthEndView(currency, run.Status, null, month, run.AsOf, actual,
            Cents(actual + (remainder?.Predicted ?? 0)), Cents(actual + (remainder?.Lower80 ?? 0)), Cents(actual + (remainder?.Upper80 ?? 0)),
            Cents(actual + (remainder?.Lower95 ?? 0)), Cents(actual + (remainder?.Upper95 ?? 0)), previous, run.Model, total, accounts);
    }

    public async Task<ModelsView> ModelsAsync(string? currency, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        currency ??= await CurrencyAsync(conn, ct);
        await using var cmd = new NpgsqlCommand("""
            select id, sub_account_id, service_name, model, backtest_errors::text, history_days, currency, generated_at, as_of, status, '[]'
            from finops.forecast_runs
            where currency = $1 and as_of = (select max(as_of) from finops.forecast_runs where currency = $1)
            order by (sub_account_id is not null)::int + (service_name is not null)::int, sub_account_id nulls first, service_name nulls first
            """, conn);
        cmd.Parameters.AddWithValue(currency);
        var runs = await ReadRunsAsync(cmd, ct);
        var scopes = runs.Select(r =>
        {
            var scores = Backtest(r);
            return new ScopeModelView(r.SubAccountId, r.ServiceName, r.Status, r.Model, r.HistoryDays,
                scores.FirstOrDefault(s => s.Selected)?.Mase, scores.FirstOrDefault(s => s.Model == Models.SeasonalNaiveModel.ModelName)?.Mase, scores);
        }).ToList();
        var ratios = scopes.Where(s => s.Mase is not null && s.SeasonalNaiveMase is > 0).Select(s => s.Mase!.Value / s.SeasonalNaiveMase!.Value).Order().ToList();
        return new ModelsView(currency, runs.FirstOrDefault()?.AsOf,
            scopes.Where(s => s.Status == ForecastRunStatus.Ok).GroupBy(s => s.Model).ToDictionary(g => g.Key, g => g.Count()),
            ratios.Count == 0 ? null : ratios[ratios.Count / 2], scopes);
    }

    /// <summary>Currencies that have forecasts, for the budget alerts.</summary>
    internal async Task<List<string>> CurrenciesAsync(CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var cmd = new NpgsqlCommand("select distinct currency from finops.forecast_runs order by 1", conn);
        var list = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(r.GetString(0));
        }
        return list;
    }

    /// <summary>Budget versus actuals plus forecast for the month: overrun, probability, the day it is crossed.</summary>
    internal static BudgetStatus Evaluate(string kind, string? subAccountId, string? name, decimal budget, decimal actual, PeriodTotal? remainder, IReadOnlyList<ForecastPointView> points)
    {
        var forecast = actual + (remainder?.Predicted ?? 0);
        double probability;
        if (actual > budget)
        {
            probability = 1;
        }
        else if (remainder is null)
        {
            probability = 0;
        }
        else
        {
            probability = Math.Round(remainder.ProbabilityAbove((double)(budget - actual)), 4);
        }
        DateOnly? crossing = null;
        if (remainder is not null)
        {
            var running = actual;
            foreach (var p in points.Where(p => p.Day >= remainder.From && p.Day <= remainder.To))
            {
                running += p.Predicted;
                if (running > budget)
                {
                    crossing = p.Day;
                    break;
                }
            }
        }
        var state = actual > budget ? "exceeded" : forecast > budget ? "forecast_over" : probability >= 0.2 ? "at_risk" : "on_track";
        return new BudgetStatus(kind, subAccountId, name, budget, actual, Cents(forecast), Cents(actual + (remainder?.Lower80 ?? 0)), Cents(actual + (remainder?.Upper80 ?? 0)),
            Cents(forecast - budget), probability, actual > budget ? null : crossing, state);
    }

    private static decimal Cents(decimal value) => Math.Round(value, 2);

    private static IReadOnlyList<PeriodTotal> Periods(RunRow run) =>
        JsonSerializer.Deserialize<List<PeriodTotal>>(run.Periods, JsonSerializerOptions.Web) ?? [];

    private static IReadOnlyList<ModelScore> Backtest(RunRow run) =>
        JsonSerializer.Deserialize<BacktestDocument>(run.BacktestErrors, JsonSerializerOptions.Web)?.Models ?? [];

    private static decimal? Sum(IReadOnlyList<ActualPoint> history, DateOnly from, DateOnly to) =>
        history.Count > 0 && history[0].Day <= from ? history.Where(h => h.Day >= from && h.Day <= to).Sum(h => h.Cost) : null;

    private static async Task<RunRow?> LatestRunAsync(NpgsqlConnection conn, ForecastScope scope, string currency, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("""
            select id, sub_account_id, service_name, model, backtest_errors::text, history_days, currency, generated_at, as_of, status, periods::text
            from finops.forecast_runs
            where currency = $1 and sub_account_id is not distinct from $2 and service_name is not distinct from $3
            order by as_of desc, generated_at desc limit 1
            """, conn);
        cmd.Parameters.AddWithValue(currency);
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)scope.SubAccountId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)scope.ServiceName ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        return (await ReadRunsAsync(cmd, ct)).FirstOrDefault();
    }

    private static async Task<List<RunRow>> ReadRunsAsync(NpgsqlCommand cmd, CancellationToken ct)
    {
        var list = new List<RunRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new RunRow(r.GetGuid(0), r.IsDBNull(1) ? null : r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetString(3),
                r.GetString(4), r.GetInt32(5), r.GetString(6), r.GetFieldValue<DateTimeOffset>(7), r.GetFieldValue<DateOnly>(8), r.GetString(9), r.GetString(10)));
        }
        return list;
    }

    private static async Task<List<ForecastPointView>> PointsAsync(NpgsqlConnection conn, Guid runId, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "select day, predicted, lower_80, upper_80, lower_95, upper_95 from finops.forecasts where run_id = $1 order by day", conn);
        cmd.Parameters.AddWithValue(runId);
        var list = new List<ForecastPointView>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add(new ForecastPointView(r.GetFieldValue<DateOnly>(0), Math.Round(r.GetDecimal(1), 2), Math.Round(r.GetDecimal(2), 2),
                Math.Round(r.GetDecimal(3), 2), Math.Round(r.GetDecimal(4), 2), Math.Round(r.GetDecimal(5), 2)));
        }
        return list;
    }

    private static (string Sql, List<NpgsqlParameter> Parameters) ScopeFilter(ForecastScope scope, string currency, int firstIndex)
    {
        var sql = $"billing_currency = ${firstIndex}";
        var parameters = new List<NpgsqlParameter> { new() { Value = currency } };
        if (scope.SubAccountId is not null)
        {
            parameters.Add(new NpgsqlParameter { Value = scope.SubAccountId });
            sql += $" and sub_account_id = ${firstIndex + parameters.Count - 1}";
        }
        if (scope.ServiceName is not null)
        {
            parameters.Add(new NpgsqlParameter { Value = scope.ServiceName });
            sql += $" and service_name = ${firstIndex + parameters.Count - 1}";
        }
        return (sql, parameters);
    }

    private static async Task<List<ActualPoint>> ActualsAsync(NpgsqlConnection conn, ForecastScope scope, string currency, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var (filter, parameters) = ScopeFilter(scope, currency, 3);
        await using var cmd = new NpgsqlCommand($"select day, sum(effective_cost) from finops.daily_costs where day between $1 and $2 and {filter} group by 1", conn);
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        cmd.Parameters.AddRange(parameters.ToArray());
        var byDay = new Dictionary<DateOnly, decimal>();
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                byDay[r.GetFieldValue<DateOnly>(0)] = r.GetDecimal(1);
            }
        }
        // Every day, zeros included, from the scope's first day with cost.
        var first = byDay.Count == 0 ? to.AddDays(1) : byDay.Keys.Min();
        var list = new List<ActualPoint>();
        for (var d = first; d <= to; d = d.AddDays(1))
        {
            list.Add(new ActualPoint(d, Math.Round(byDay.GetValueOrDefault(d), 2)));
        }
        return list;
    }

    private static async Task<decimal> SumAsync(NpgsqlConnection conn, ForecastScope scope, string currency, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var (filter, parameters) = ScopeFilter(scope, currency, 3);
        await using var cmd = new NpgsqlCommand($"select coalesce(sum(effective_cost), 0) from finops.daily_costs where day between $1 and $2 and {filter}", conn);
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        cmd.Parameters.AddRange(parameters.ToArray());
        return Math.Round((decimal)(await cmd.ExecuteScalarAsync(ct))!, 2);
    }

    private static async Task<List<(string SubAccountId, string Name, decimal Budget)>> BudgetsAsync(NpgsqlConnection conn, string currency, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "select sub_account_id, name, monthly_budget from finops.accounts where monthly_budget is not null and currency = $1 order by name", conn);
        cmd.Parameters.AddWithValue(currency);
        var list = new List<(string, string, decimal)>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            list.Add((r.GetString(0), r.GetString(1), r.GetDecimal(2)));
        }
        return list;
    }

    private static async Task<DateOnly?> LastDayAsync(NpgsqlConnection conn, string currency, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select max(day) from finops.daily_costs where billing_currency = $1", conn);
        cmd.Parameters.AddWithValue(currency);
        return await cmd.ExecuteScalarAsync(ct) is DateOnly d ? d : null;
    }

    /// <summary>The currency most of the spend is in (as the cost views default to).</summary>
    private static async Task<string> CurrencyAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "select billing_currency from finops.daily_costs group by 1 order by sum(abs(effective_cost)) desc limit 1", conn);
        return await cmd.ExecuteScalarAsync(ct) as string ?? "USD";
    }
}
