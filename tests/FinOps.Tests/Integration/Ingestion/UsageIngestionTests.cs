using FinOps.Core.Ingestion;
using FinOps.Tests.Fixtures;
using FinOps.Tests.Infrastructure;

namespace FinOps.Tests.Integration.Ingestion;

/// <summary>The utilization CSV of ARCHITECTURE §11 lands in <c>usage_metrics</c>.</summary>
public sealed class UsageIngestionTests(PostgresServer server)
{
    [Fact]
    public async Task Usage_csv_lands_in_usage_metrics_with_metric_names_and_periods()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "usage");
        var outcome = await db.IngestAsync(SharedData.Fixture("usage_metrics.csv"));

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("usage", outcome.Format);
        Assert.Equal(9, outcome.RowsLoaded);
        var metrics = await db.RowsAsync("select metric, count(*)::int from finops.usage_metrics group by 1 order by 1");
        Assert.Equal([["cpu", 5], ["memory", 2], ["network_in", 1], ["network_out", 1]], metrics.Select(r => r.ToList()));
        Assert.Equal(3600, await db.ScalarAsync<int>("select period_seconds from finops.usage_metrics where resource_id = 'i-0a1b2c3d4e5f60001' and metric = 'cpu' limit 1"));
        Assert.Equal(86400, await db.ScalarAsync<int>("select period_seconds from finops.usage_metrics where instance_type = 'Standard_D2s_v3' limit 1"));
        Assert.Equal(99.0, await db.ScalarAsync<double>("select maximum from finops.usage_metrics where instance_type = 'Standard_D2s_v3' and period_start = '2025-01-05T00:00:00Z'"));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items"));
    }

    [Fact]
    public async Task Reingesting_usage_updates_points_instead_of_duplicating_them()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "usagetwice");
        var path = SharedData.Fixture("usage_metrics.csv");
        Assert.True((await db.IngestAsync(path)).Succeeded);
        var copy = Path.Combine(Path.GetTempPath(), $"usage-{Guid.NewGuid():N}.csv");
        File.WriteAllText(copy, File.ReadAllText(path).Replace("3.2,11.5", "4.2,12.5"));
        try
        {
            Assert.True((await db.IngestAsync(copy)).Succeeded);
        }
        finally
        {
            File.Delete(copy);
        }
        Assert.Equal(9L, await db.ScalarAsync<long>("select count(*) from finops.usage_metrics"));
        Assert.Equal(4.2, await db.ScalarAsync<double>("select average from finops.usage_metrics where metric = 'cpu' and period_start = '2025-01-05T00:00:00Z' and resource_id like 'i-%'"));
    }

    [Fact]
    public async Task Unknown_metric_is_rejected_with_its_row()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "usagebad");
        var path = Path.Combine(Path.GetTempPath(), $"usage-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, "resource_id,provider,region,instance_type,timestamp,metric,average,maximum,unit\ni-1,AWS,us-east-1,t3.micro,2025-01-01T00:00:00Z,DiskReadOps,1,2,Count\n");
        try
        {
            var outcome = await db.IngestAsync(path, format: "usage");
            Assert.False(outcome.Succeeded);
            var error = Assert.Single(outcome.Errors);
            Assert.Equal((2L, "metric"), (error.Row, error.Column));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
