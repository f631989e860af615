using FinOps.Core.Budgets;
using FinOps.Core.Forecasting;
using FinOps.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace FinOps.Tests.Integration.Forecasting;

public class CostForecastingJobTests(PostgresServer postgres)
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 11, 20, 6, 0, 0, TimeSpan.Zero));

    private static async Task<List<object?[]>> RowsAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        await using var cmd = new NpgsqlCommand(sql, conn);
        var rows = new List<object?[]>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync())
        {
            var row = new object?[r.FieldCount];
            for (var i = 0; i < r.FieldCount; i++)
            {
                row[i] = r.IsDBNull(i) ? null : r.GetValue(i);
            }
            rows.Add(row);
        }
        return rows;
    }

    [Fact]
    public async Task Job_forecasts_every_scope_per_currency_from_the_day_after_the_last_data_to_the_end_of_next_month_and_reruns_replace_it()
    {
        var cs = await postgres.CreateDatabaseAsync(nameof(CostForecastingJobTests));
        await ForecastingData.SeedAsync(cs);
        using var host = ForecastingData.Host(cs, Time);

        var summary = await ForecastingData.RunJobAsync(host);

        // USD: total, 2 accounts, 8 services (6 + support + Bedrock), account × service pairs above 0.5% of spend; EUR: total, account, service, pair.
        var runs = await RowsAsync(cs, "select currency, coalesce(sub_account_id, '*'), coalesce(service_name, '*'), status, model, as_of, horizon_days from finops.forecast_runs");
        Assert.Equal(summary.Scopes, runs.Count);
        Assert.Contains(runs, r => (string)r[0]! == "USD" && (string)r[1]! == "*" && (string)r[2]! == "*" && (string)r[3]! == "ok");
        Assert.Contains(runs, r => (string)r[0]! == "EUR" && (string)r[1]! == "*" && (string)r[2]! == "*" && (string)r[3]! == "ok");
        Assert.Contains(runs, r => (string)r[1]! == "111111111111" && (string)r[2]! == "*");
        Assert.Contains(runs, r => (string)r[1]! == "*" && (string)r[2]! == "Amazon S3");
        Assert.Contains(runs, r => (string)r[0]! == "USD" && (string)r[1]! != "*" && (string)r[2]! != "*");
        var bedrock = Assert.Single(runs, r => (string)r[1]! == "*" && (string)r[2]! == "Amazon Bedrock");
        Assert.Equal(ForecastRunStatus.InsufficientHistory, bedrock[3]);
        Assert.All(runs, r => Assert.Equal(ForecastingData.LastDay, r[5]));
        Assert.Equal(summary.InsufficientHistory, runs.Count(r => (string)r[3]! == "insufficient_history"));

        // Points: day after the last data day through the end of next month (90 days here), nested intervals.
        var total = await RowsAsync(cs, """
            select min(f.day), max(f.day), count(*), bool_and(lower_95 <= lower_80 and lower_80 <= predicted and predicted <= upper_80 and upper_80 <= upper_95)
            from finops.forecasts f join finops.forecast_runs r on r.id = f.run_id
            where r.currency = 'USD' and r.sub_account_id is null and r.service_name is null and f.sub_account_id is null and f.service_name is null
            """);
        Assert.Equal(new DateOnly(2026, 11, 20), total[0][0]);
        Assert.Equal(new DateOnly(2027, 2, 17), total[0][1]);
        Assert.Equal(90L, total[0][2]);
        Assert.Equal(true, total[0][3]);
        Assert.Equal(0L, (await RowsAsync(cs, "select count(*) from finops.forecasts f join finops.forecast_runs r on r.id = f.run_id where r.status <> 'ok'"))[0][0]);

        // The support fee (a purchase on the 1st) recurs on 1 December in its service's forecast, not on other days.
        var fee = await RowsAsync(cs, """
            select f.day, f.predicted from finops.forecasts f join finops.forecast_runs r on r.id = f.run_id
            where r.sub_account_id is null and r.service_name = 'AWS Support (Business)' and f.day in ('2026-12-01', '2026-12-02')
            order by f.day
            """);
        Assert.Equal(1500m, (decimal)fee[0][1]!, 0);
        Assert.Equal(0m, (decimal)fee[1][1]!);

        var pointsBefore = await RowsAsync(cs, "select count(*), sum(predicted) from finops.forecasts");
        var second = await ForecastingData.RunJobAsync(host);
        var pointsAfter = await RowsAsync(cs, "select count(*), sum(predicted) from finops.forecasts");
        Assert.Equal(summary.Scopes, second.Scopes);
        Assert.Equal(runs.Count, (await RowsAsync(cs, "select id from finops.forecast_runs")).Count);
        Assert.Equal(pointsBefore[0][0], pointsAfter[0][0]);
        Assert.Equal(pointsBefore[0][1], pointsAfter[0][1]);
    }

    [Fact]
    public async Task Budget_alert_is_raised_before_the_budget_is_crossed_and_withdrawn_when_the_budget_is_raised()
    {
        var cs = await postgres.CreateDatabaseAsync(nameof(CostForecastingJobTests) + "Budget");
        await ForecastingData.SeedAsync(cs);
        using var host = ForecastingData.Host(cs, Time);
        await ForecastingData.RunJobAsync(host);
        var monthToDate = (decimal)(await RowsAsync(cs, "select sum(effective_cost) from finops.daily_costs where sub_account_id = '222222222222' and day >= '2026-11-01'"))[0][0]!;
        var queries = (ForecastQueries)host.Services.GetService(typeof(ForecastQueries))!;
        var view = await queries.ScopeAsync(new ForecastScope("222222222222", null), "USD", 30, TestContext.Current.CancellationToken);
        var forecastRest = view.Months[0].Predicted - monthToDate;
        // A budget a little above what is spent so far: not crossed yet, but the forecast crosses it.
        var budget = Math.Round(monthToDate + forecastRest / 3, 2);
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync(TestContext.Current.CancellationToken);
            await using var cmd = new NpgsqlCommand("""
                insert into finops.accounts (id, provider, sub_account_id, name, monthly_budget, currency, created_at, updated_at)
                values (gen_random_uuid(), 'AWS', '222222222222', 'Data platform', $1, 'USD', now(), now())
                """, conn);
            cmd.Parameters.AddWithValue(budget);
            await cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }

        var summary = await ForecastingData.RunJobAsync(host);

        Assert.Equal(2, summary.BudgetAlerts); // the account, and the total against the sum of budgets
        var insights = await RowsAsync(cs, $"select dedup_key, severity, title, body from finops.insights where kind = '{BudgetAlerts.Kind}' order by dedup_key");
        Assert.Equal(["budget_forecast:USD:2026-11:222222222222", "budget_forecast:USD:2026-11:total"], insights.Select(i => (string)i[0]!));
        Assert.Contains("Data platform", (string)insights[0][2]!);
        Assert.Contains("expected to be crossed on 2026-11-", (string)insights[0][3]!);

        await ForecastingData.RunJobAsync(host);
        Assert.Equal(2, (await RowsAsync(cs, "select id from finops.insights")).Count);

        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync(TestContext.Current.CancellationToken);
            await using var cmd = new NpgsqlCommand("update finops.accounts set monthly_budget = monthly_budget * 10", conn);
            await cmd.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        Assert.Equal(0, (await ForecastingData.RunJobAsync(host)).BudgetAlerts);
        Assert.Empty(await RowsAsync(cs, "select id from finops.insights"));
    }
}
