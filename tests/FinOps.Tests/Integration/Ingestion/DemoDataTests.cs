using FinOps.Core.Ingestion;
using FinOps.Core.Ingestion.Demo;
using FinOps.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FinOps.Tests.Integration.Ingestion;

public sealed class DemoDataTests(PostgresServer server)
{
    private static readonly DateTimeOffset Now = new(2025, 6, 15, 9, 30, 0, TimeSpan.Zero);

    [Fact]
    public async Task Demo_data_is_deterministic_and_sized_to_load_in_seconds()
    {
        var time = new FakeTimeProvider(Now);
        var a = Directory.CreateTempSubdirectory("finops-demo-a-");
        var b = Directory.CreateTempSubdirectory("finops-demo-b-");
        try
        {
            var generator = new DemoDataGenerator(null!, time);
            var first = await generator.WriteAsync(a.FullName, ct: TestContext.Current.CancellationToken);
            var second = await generator.WriteAsync(b.FullName, ct: TestContext.Current.CancellationToken);

            Assert.Equal(new DateOnly(2025, 6, 14), first.LastDay);
            Assert.Equal(new DateOnly(2025, 2, 15), first.FirstDay);
            Assert.InRange(first.BillingRows + first.UsageRows, 50_000, 150_000);
            Assert.Equal(3 * 5, first.BillingFiles.Count); // three providers × February to June
            Assert.Equal(first.BillingFiles.Select(Path.GetFileName), second.BillingFiles.Select(Path.GetFileName));
            foreach (var (x, y) in first.BillingFiles.Zip(second.BillingFiles))
            {
                Assert.Equal(await File.ReadAllBytesAsync(x, TestContext.Current.CancellationToken), await File.ReadAllBytesAsync(y, TestContext.Current.CancellationToken));
            }
            Assert.All(first.Anomalies, an => Assert.InRange(an.Day, first.FirstDay, first.LastDay));
            Assert.NotEmpty(first.IdleResources);
        }
        finally
        {
            a.Delete(true);
            b.Delete(true);
        }
    }

    [Fact]
    public async Task Demo_data_loads_through_the_ingestion_path_with_its_anomalies_visible()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "demo");
        var time = new FakeTimeProvider(Now);
        var generator = new DemoDataGenerator(db.Service, time);
        var outcomes = await generator.LoadAsync(TestContext.Current.CancellationToken);

        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Message));
        Assert.All(outcomes.SkipLast(1), o => Assert.Equal(("focus", "1.2"), (o.Format, o.FormatVersion)));
        Assert.Equal("usage", outcomes[^1].Format);
        Assert.Equal(["AWS", "Google Cloud", "Microsoft"],
            (await db.RowsAsync("select distinct provider_name from finops.daily_costs order by 1")).Select(r => (string)r[0]!));
        Assert.InRange(await db.ScalarAsync<long>("select count(distinct service_name) from finops.daily_costs where charge_category = 'Usage'"), 15, 20);
        Assert.Equal(await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.billing_line_items"),
            await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.daily_costs"));
        Assert.Equal(new DateOnly(2025, 6, 14), await db.ScalarAsync<DateOnly>("select max(day) from finops.daily_costs"));
        Assert.Equal(10L, await db.ScalarAsync<long>("select count(*) from finops.accounts"));

        var set = await generator.WriteAsync(Directory.CreateTempSubdirectory("finops-demo-c-").FullName, ct: TestContext.Current.CancellationToken);
        foreach (var anomaly in set.Anomalies)
        {
            var series = await db.RowsAsync("""
                select day, sum(effective_cost) from finops.daily_costs
                where provider_name = $1 and sub_account_id = $2 and service_name = $3 and day between $4 and $5 group by day order by day
                """, anomaly.Provider, anomaly.SubAccountId, anomaly.ServiceName, anomaly.Day.AddDays(-14), anomaly.Day);
            var spike = (decimal)series[^1][1]!;
            var before = series.SkipLast(1).Select(r => (decimal)r[1]!).Order().ToList();
            var median = before[before.Count / 2];
            Assert.True(spike > median * 2.5m, $"{anomaly.Description}: {spike} vs median {median}");
        }
        Assert.True(await db.ScalarAsync<long>("select count(*) from finops.usage_metrics where metric = 'cpu' and maximum < 5") > 0);
        Assert.True(await db.ScalarAsync<long>("select count(*) from finops.billing_line_items where charge_category = 'Purchase' and extract(day from charge_period_start) = 1") >= 9);
    }
}
