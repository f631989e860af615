using FinOps.Core.Budgets;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text.Json;
using FinOps.Core.Data;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace FinOps.Core.Forecasting;

/// <summary>What one run of the forecasting job did.</summary>
public sealed record ForecastingRunSummary(int Scopes, int Forecast, int InsufficientHistory, int Points, int BudgetAlerts, IReadOnlyList<string> Currencies, TimeSpan Elapsed)
{
    public override string ToString() =>
        Scopes == 0
            ? "no cost data to forecast"
            : $"{Forecast} scopes forecast, {InsufficientHistory} with too little history, {Points} points, {BudgetAlerts} budget alerts ({string.Join(", ", Currencies)}) in {Elapsed.TotalSeconds:F1} s";
}

/// <summary>
/// The <c>cost-forecasting</c> job's work: reads the daily rollup, forecasts every scope (total, each
/// sub-account, each service, each sub-account × service above a spend share) per currency, and
/// replaces that day's generation of <c>forecast_runs</c> and <c>forecasts</c> in one transaction, so
/// a rerun on the same data changes nothing. Then raises budget alerts from the new forecasts.
/// </summary>
public sealed class CostForecastingService(
    NpgsqlDataSource dataSource, IOptions<ForecastingOptions> options, BudgetAlerts budgetAlerts, TimeProvider time, ILogger<CostForecastingService> logger)
{
    public static readonly ActivitySource ActivitySource = new("FinOps.Forecasting");
    private static readonly Meter Meter = new("FinOps.Forecasting");
    private static readonly Counter<long> ScopesForecast = Meter.CreateCounter<long>("finops.forecasting.scopes", description: "Scopes forecast");
    private static readonly Histogram<double> EngineDuration = Meter.CreateHistogram<double>("finops.forecasting.engine.duration", "s", "Model selection and forecasting time per currency");

    public async Task<ForecastingRunSummary> RunAsync(CancellationToken ct)
    {
        using var activity = ActivitySource.StartActivity("cost-forecasting");
        var started = Stopwatch.GetTimestamp();
        var o = options.Value;
        var engine = new ForecastEngine();
        var data = await ScopeSeriesReader.ReadAsync(dataSource, o, ct);
        int scopes = 0, ok = 0, insufficient = 0, points = 0, alerts = 0;
        foreach (var currency in data)
        {
            var horizon = Horizon(currency.LastDay, o.HorizonDays);
            var engineStarted = Stopwatch.GetTimestamp();
            var forecasts = engine.ForecastMany(currency.Histories, horizon);
            EngineDuration.Record(Stopwatch.GetElapsedTime(engineStarted).TotalSeconds, new KeyValuePair<string, object?>("currency", currency.Currency));
            points += await WriteAsync(currency, forecasts, horizon, o, ct);
            scopes += forecasts.Count;
            ok += forecasts.Count(f => f.Status == ForecastStatus.Ok);
            insufficient += forecasts.Count(f => f.Status == ForecastStatus.InsufficientHistory);
            ScopesForecast.Add(forecasts.Count);
            logger.LogInformation("Forecast {Count} scopes in {Currency} as of {AsOf} with horizon {Horizon} d", forecasts.Count, currency.Currency, currency.LastDay, horizon);
        }
        alerts = await budgetAlerts.RaiseAsync(ct);
        return new ForecastingRunSummary(scopes, ok, insufficient, points, alerts, data.Select(d => d.Currency).ToList(), Stopwatch.GetElapsedTime(started));
    }

    /// <summary>At least the configured days and always to the end of next month (the issue's minimum is 28 days).</summary>
    public static int Horizon(DateOnly lastDay, int configured)
    {
        var first = lastDay.AddDays(1);
        var endOfNextMonth = new DateOnly(first.Year, first.Month, 1).AddMonths(2).AddDays(-1);
        return Math.Max(Math.Max(28, configured), endOfNextMonth.DayNumber - first.DayNumber + 1);
    }

    private async Task<int> WriteAsync(CurrencySeries currency, IReadOnlyList<ScopeForecast> forecasts, int horizon, ForecastingOptions o, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await using (var delete = new NpgsqlCommand(
            "delete from finops.forecast_runs where currency = $1 and (as_of = $2 or as_of < $3)", conn, tx))
        {
            delete.Parameters.AddWithValue(currency.Currency);
            delete.Parameters.AddWithValue(currency.LastDay);
            delete.Parameters.AddWithValue(currency.LastDay.AddDays(-o.RetentionDays));
            await delete.ExecuteNonQueryAsync(ct);
        }
        var runIds = new Guid[forecasts.Count];
        await using (var runs = await conn.BeginBinaryImportAsync(
            "copy finops.forecast_runs (id, sub_account_id, service_name, model, backtest_errors, history_days, horizon_days, currency, generated_at, as_of, status, periods) from stdin (format binary)", ct))
        {
            for (var i = 0; i < forecasts.Count; i++)
            {
                var f = forecasts[i];
                var scope = currency.Scopes[i];
                runIds[i] = Guid.CreateVersion7(now);
                await runs.StartRowAsync(ct);
                await runs.WriteAsync(runIds[i], NpgsqlDbType.Uuid, ct);
                await WriteNullableAsync(runs, scope.SubAccountId, ct);
                await WriteNullableAsync(runs, scope.ServiceName, ct);
                await runs.WriteAsync(f.Model ?? "none", NpgsqlDbType.Text, ct);
                await runs.WriteAsync(BacktestJson(f), NpgsqlDbType.Jsonb, ct);
                await runs.WriteAsync(f.HistoryDays, NpgsqlDbType.Integer, ct);
                await runs.WriteAsync(f.Status == ForecastStatus.Ok ? horizon : 0, NpgsqlDbType.Integer, ct);
                await runs.WriteAsync(currency.Currency, NpgsqlDbType.Text, ct);
                await runs.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                await runs.WriteAsync(currency.LastDay, NpgsqlDbType.Date, ct);
                await runs.WriteAsync(f.Status == ForecastStatus.Ok ? ForecastRunStatus.Ok : ForecastRunStatus.InsufficientHistory, NpgsqlDbType.Varchar, ct);
                await runs.WriteAsync(f.Status == ForecastStatus.Ok ? JsonSerializer.Serialize(MonthTotals(f), JsonSerializerOptions.Web) : "[]", NpgsqlDbType.Jsonb, ct);
            }
            await runs.CompleteAsync(ct);
        }
        var points = 0;
        await using (var rows = await conn.BeginBinaryImportAsync(
            "copy finops.forecasts (run_id, day, sub_account_id, service_name, predicted, lower_80, upper_80, lower_95, upper_95, model, generated_at) from stdin (format binary)", ct))
        {
            for (var i = 0; i < forecasts.Count; i++)
            {
                var f = forecasts[i];
                var scope = currency.Scopes[i];
                foreach (var p in f.Points)
                {
                    await rows.StartRowAsync(ct);
                    await rows.WriteAsync(runIds[i], NpgsqlDbType.Uuid, ct);
                    await rows.WriteAsync(p.Day, NpgsqlDbType.Date, ct);
                    await WriteNullableAsync(rows, scope.SubAccountId, ct);
                    await WriteNullableAsync(rows, scope.ServiceName, ct);
                    await rows.WriteAsync(Money(p.Predicted), NpgsqlDbType.Numeric, ct);
                    await rows.WriteAsync(Money(p.Lower80), NpgsqlDbType.Numeric, ct);
                    await rows.WriteAsync(Money(p.Upper80), NpgsqlDbType.Numeric, ct);
                    await rows.WriteAsync(Money(p.Lower95), NpgsqlDbType.Numeric, ct);
                    await rows.WriteAsync(Money(p.Upper95), NpgsqlDbType.Numeric, ct);
                    await rows.WriteAsync(f.Model!, NpgsqlDbType.Text, ct);
                    await rows.WriteAsync(now, NpgsqlDbType.TimestampTz, ct);
                    points++;
                }
            }
            await rows.CompleteAsync(ct);
        }
        await tx.CommitAsync(ct);
        return points;
    }

    private static async Task WriteNullableAsync(NpgsqlBinaryImporter importer, string? value, CancellationToken ct)
    {
        if (value is null)
        {
            await importer.WriteNullAsync(ct);
        }
        else
        {
            await importer.WriteAsync(value, NpgsqlDbType.Text, ct);
        }
    }

    internal static decimal Money(double value) => Math.Round((decimal)value, 4);

    /// <summary>The per-model backtest table stored with the run: what was compared, on what, and who won.</summary>
    internal static string BacktestJson(ScopeForecast f) => JsonSerializer.Serialize(new
    {
        metric = "mase",
        baseline = Models.SeasonalNaiveModel.ModelName,
        models = f.Scores.Select(s => new { s.Model, s.Mase, s.Smape, s.Mae, s.Bias, s.Pairs, s.Selected }),
    }, JsonSerializerOptions.Web);

    /// <summary>The forecast summed per calendar month, each with intervals from the summed backtest errors.</summary>
    internal static List<PeriodTotal> MonthTotals(ScopeForecast f)
    {
        var result = new List<PeriodTotal>();
        var last = f.Points[^1].Day;
        for (var month = new DateOnly(f.FirstDay.Year, f.FirstDay.Month, 1); month <= last; month = month.AddMonths(1))
        {
            var from = month < f.FirstDay ? f.FirstDay : month;
            var end = month.AddMonths(1).AddDays(-1);
            var period = f.Period(from, end < last ? end : last);
            var quantiles = Enumerable.Range(0, 101).Select(q => Math.Round(ErrorDistribution.Quantile(period.ErrorSamples, q / 100.0), 4)).ToArray();
            result.Add(new PeriodTotal(month, period.From, period.To, Money(period.Predicted), Money(period.Lower80), Money(period.Upper80),
                Money(period.Lower95), Money(period.Upper95), quantiles));
        }
        return result;
    }
}
