using FinOps.Core.Anomalies;
using FinOps.Core.Data;
using FinOps.Core.Ingestion;
using FinOps.Core.Observability;
using FinOps.Tests.Fixtures;
using FinOps.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace FinOps.Tests.Integration.Observability;

/// <summary>The aggregates behind the FinOps.Business gauges, against bills loaded by the ingestion engine.</summary>
public sealed class BusinessQueriesTests(PostgresServer postgres)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Snapshot_holds_latest_day_and_month_to_date_cost_by_provider_open_anomalies_and_ingestion_time()
    {
        var cs = await postgres.CreateDatabaseAsync(nameof(BusinessQueriesTests));
        await IngestAsync(cs, SharedData.Fixture("cur2_sample.csv"), SharedData.Fixture("gcp_billing_export.csv"));
        await using (var db = new FinOpsDbContext(FinOpsDbContextOptions.Create(cs)))
        {
            var now = DateTimeOffset.UtcNow;
            db.Anomalies.AddRange(
                Anomaly(new DateOnly(2025, 3, 1), "high", AnomalyStatus.Open, now),
                Anomaly(new DateOnly(2025, 3, 2), "low", AnomalyStatus.Open, now),
                Anomaly(new DateOnly(2025, 2, 28), "critical", AnomalyStatus.Resolved, now));
            await db.SaveChangesAsync(Ct);
        }
        await using var dataSource = NpgsqlDataSource.Create(cs);

        var snapshot = await new BusinessQueries(dataSource).ReadAsync(DateTimeOffset.UtcNow, Ct);

        // Expected figures straight from the raw line items, not from the rollup the queries read.
        var rows = new List<(DateOnly Day, string Provider, decimal Cost)>();
        await using (var cmd = dataSource.CreateCommand(
            "select (charge_period_start at time zone 'UTC')::date, provider_name, sum(effective_cost) from finops.billing_line_items group by 1, 2"))
        await using (var reader = await cmd.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                rows.Add((reader.GetFieldValue<DateOnly>(0), reader.GetString(1), reader.GetDecimal(2)));
            }
        }
        var latest = rows.Max(r => r.Day);
        var monthStart = new DateOnly(latest.Year, latest.Month, 1);
        var recent = rows.Where(r => r.Day > latest.AddDays(-35)).Select(r => r.Provider).Distinct().Order(StringComparer.Ordinal).ToList();
        Assert.Equal(latest, snapshot.LatestBilledDay);
        Assert.Equal(recent, snapshot.DailyCost.Select(c => c.Provider));
        foreach (var provider in recent)
        {
            Assert.Equal(rows.Where(r => r.Provider == provider && r.Day == latest).Sum(r => r.Cost),
                snapshot.DailyCost.Single(c => c.Provider == provider).Amount);
            Assert.Equal(rows.Where(r => r.Provider == provider && r.Day >= monthStart && r.Day <= latest).Sum(r => r.Cost),
                snapshot.MonthToDateCost.Single(c => c.Provider == provider).Amount);
        }
        // Bills from more than 35 days before the latest day are not "current" providers.
        Assert.Contains(rows, r => r.Day <= latest.AddDays(-35));

        Assert.Equal(["low", "medium", "high", "critical"], snapshot.OpenAnomalies.Select(a => a.Severity));
        Assert.Equal([1L, 0L, 1L, 0L], snapshot.OpenAnomalies.Select(a => a.Count));
        Assert.Empty(snapshot.RealizedSavings);

        await using var finished = dataSource.CreateCommand("select max(finished_at) from finops.ingestions where status = 'succeeded'");
        var expectedFinished = (DateTime)(await finished.ExecuteScalarAsync(Ct))!;
        Assert.Equal(new DateTimeOffset(DateTime.SpecifyKind(expectedFinished, DateTimeKind.Utc)), snapshot.LatestIngestionFinishedAt);
    }

    [Fact]
    public async Task Empty_database_gives_zero_anomalies_and_no_cost_or_lag()
    {
        var cs = await postgres.CreateDatabaseAsync(nameof(BusinessQueriesTests) + "empty");
        await using var dataSource = NpgsqlDataSource.Create(cs);

        var snapshot = await new BusinessQueries(dataSource).ReadAsync(DateTimeOffset.UtcNow, Ct);

        Assert.Null(snapshot.LatestBilledDay);
        Assert.Empty(snapshot.DailyCost);
        Assert.Null(snapshot.LatestIngestionFinishedAt);
        Assert.All(snapshot.OpenAnomalies, a => Assert.Equal(0, a.Count));
        Assert.Equal(4, snapshot.OpenAnomalies.Count);
    }

    private static Anomaly Anomaly(DateOnly day, string severity, string status, DateTimeOffset now) => new()
    {
        Day = day,
        ScopeDimension = "total",
        ScopeLabel = $"total {day}",
        Severity = severity,
        Status = status,
        DetectedAt = now,
        UpdatedAt = now,
    };

    private static async Task IngestAsync(string connectionString, params string[] files)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:finops"] = connectionString });
        builder.AddFinOpsData();
        builder.AddIngestion();
        using var host = builder.Build();
        var ingestion = host.Services.GetRequiredService<IngestionService>();
        foreach (var file in files)
        {
            var outcome = await ingestion.IngestAsync(new IngestionRequest(file, Path.GetFileName(file), "cli"), Ct);
            Assert.True(outcome.Succeeded, $"{file}: {outcome.Message}");
        }
    }
}
