using FinOps.Core.Ingestion;
using FinOps.Tests.Fixtures;
using FinOps.Tests.Infrastructure;

namespace FinOps.Tests.Integration.Ingestion;

public sealed class FocusExportTests(PostgresServer server)
{
    [Fact]
    public async Task Exported_focus_csv_of_a_period_reingests_to_the_same_totals()
    {
        await using var source = await IngestionDatabase.CreateAsync(server, "exportsrc");
        Assert.True((await source.IngestAsync(SharedData.Fixture("cur2_sample.csv"))).Succeeded);
        var path = Path.Combine(Path.GetTempPath(), $"focus-export-{Guid.NewGuid():N}.csv");
        try
        {
            long rows;
            await using (var file = File.Create(path))
            {
                rows = await new FocusExporter(source.DataSource).WriteCsvAsync(file, new DateOnly(2025, 1, 1), new DateOnly(2025, 1, 31), "AWS", TestContext.Current.CancellationToken);
            }
            Assert.Equal(12, rows);

            await using var target = await IngestionDatabase.CreateAsync(server, "exporttgt");
            var outcome = await target.IngestAsync(path);
            Assert.True(outcome.Succeeded, outcome.Message);
            Assert.Equal(("focus", "1.2"), (outcome.Format, outcome.FormatVersion));
            Assert.Equal(await source.TotalsAsync(fromRollup: true), await target.TotalsAsync(fromRollup: true));
            Assert.Equal(await source.ScalarAsync<string>("select tags::text from finops.billing_line_items where resource_id = 'i-0a1b2c3d4e5f60001'"),
                await target.ScalarAsync<string>("select tags::text from finops.billing_line_items where resource_id = 'i-0a1b2c3d4e5f60001'"));
            Assert.Equal("m5.large", await target.ScalarAsync<string>("select x_instance_type from finops.billing_line_items where resource_id = 'i-0a1b2c3d4e5f60001'"));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
