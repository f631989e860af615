using System.Net;
using System.Net.Sockets;
using System.Text;
using FinOps.Core.Catalog;
using FinOps.Tests.Fixtures;
using FinOps.Tests.Infrastructure;
using FinOps.Tests.Integration.Rightsizing;
using Microsoft.Extensions.DependencyInjection;

namespace FinOps.Tests.Integration.Catalog;

public sealed class CatalogUpdaterTests(PostgresServer server)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task First_run_loads_the_shipped_snapshot_with_enough_types_per_provider()
    {
        await using var host = await RightsizingHost.CreateAsync(server, "catalogseed", Now);
        var result = await host.InScopeAsync(sp => sp.GetRequiredService<CatalogUpdater>().RunAsync(TestContext.Current.CancellationToken));
        Assert.True(result.SnapshotRows > 80_000, result.Summary);
        var priced = result.Counts.ToDictionary(c => c.Provider, c => c.PricedTypes);
        Assert.True(priced["aws"] >= 1300 && priced["azure"] >= 1800 && priced["gcp"] >= 500, result.Summary);

        // A second run leaves a filled catalog alone.
        var again = await host.InScopeAsync(sp => sp.GetRequiredService<CatalogUpdater>().RunAsync(TestContext.Current.CancellationToken));
        Assert.Equal(0, again.SnapshotRows);
    }

    [Fact]
    public async Task Price_lists_from_a_folder_and_from_paged_urls_update_prices_and_keep_shapes()
    {
        var folder = Directory.CreateTempSubdirectory("finops-prices-").FullName;
        File.Copy(SharedData.Path("catalog", "aws", "pricelist", "GetProducts_m5_large.json"), Path.Combine(folder, "aws-m5.json"));
        File.WriteAllText(Path.Combine(folder, "gcp-pricing.yml"), """
            about:
              timestamp: 1798761600
            compute:
              instance:
                e2-standard-2:
                  cost:
                    us-central1:
                      hour: 0.07
                  cpu: 2
                  ram: 8
            """);
        File.WriteAllText(Path.Combine(folder, "broken.json"), "{ not json");
        using var listener = new HttpListener();
        var port = FreePort();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        var served = new List<string>();
        var serving = Task.Run(async () =>
        {
            for (var i = 0; i < 2; i++)
            {
                var ctx = await listener.GetContextAsync();
                served.Add(ctx.Request.Url!.PathAndQuery);
                var next = i == 0 ? $"\"http://127.0.0.1:{port}/retail?page=2\"" : "null";
                var price = i == 0 ? 0.0999 : 0.2;
                var os = i == 0 ? "" : " Windows";
                var body = Encoding.UTF8.GetBytes($$"""
                    {"BillingCurrency":"USD","Items":[{"currencyCode":"USD","retailPrice":{{price}},"armRegionName":"eastus","effectiveStartDate":"2027-01-01T00:00:00Z",
                     "meterName":"D2s v5","productName":"Virtual Machines Dsv5 Series{{os}}","skuName":"D2s v5","serviceName":"Virtual Machines",
                     "unitOfMeasure":"1 Hour","type":"Consumption","isPrimaryMeterRegion":true,"armSkuName":"Standard_D2s_v5"}],"NextPageLink":{{next}}}
                    """);
                ctx.Response.ContentType = "application/json";
                await ctx.Response.OutputStream.WriteAsync(body);
                ctx.Response.Close();
            }
        }, TestContext.Current.CancellationToken);

        await using var host = await RightsizingHost.CreateAsync(server, "catalogupdate", Now, new Dictionary<string, string?>
        {
            ["Catalog:PriceListFolder"] = folder,
            ["Catalog:PriceListUrls:0"] = $"http://127.0.0.1:{port}/retail",
        });
        try
        {
            var result = await host.InScopeAsync(sp => sp.GetRequiredService<CatalogUpdater>().RunAsync(TestContext.Current.CancellationToken));
            await serving;
            Assert.Equal(["/retail", "/retail?page=2"], served);
            var bySource = result.Sources.ToDictionary(s => s.Source);
            // The AWS record is from 2021: older than the snapshot's price, so it is read but never overwrites it.
            Assert.Equal(("aws-price-list", 1, 0, null), (bySource["aws-m5.json"].Format, bySource["aws-m5.json"].Rows, bySource["aws-m5.json"].Updated, bySource["aws-m5.json"].Error));
            Assert.NotNull(bySource["broken.json"].Error);
            Assert.Equal(1, bySource["gcp-pricing.yml"].Updated);
            Assert.Equal(("azure-retail-prices", 2, 1, 1), (bySource[$"http://127.0.0.1:{port}/retail"].Format, bySource[$"http://127.0.0.1:{port}/retail"].Rows,
                bySource[$"http://127.0.0.1:{port}/retail"].Inserted, bySource[$"http://127.0.0.1:{port}/retail"].Updated));

            var rows = await host.RowsAsync("""
                select provider, instance_type, operating_system, on_demand_hourly, vcpu, memory_gib, source from finops.instance_catalog
                where (provider, instance_type, region) in (('azure', 'Standard_D2s_v5', 'eastus'), ('gcp', 'e2-standard-2', 'us-central1'), ('aws', 'm5.large', 'us-east-1'))
                order by 1, 3
                """);
            Assert.Equal([
                ("aws", "Linux", 0.096m, 2m, 8m, "snapshot: karpenter-provider-aws"),
                ("azure", "Linux", 0.0999m, 2m, 8m, "azure-retail-prices"),
                ("azure", "Windows", 0.2m, 2m, 8m, "azure-retail-prices"), // new row: the shape comes from the catalog
                ("gcp", "Linux", 0.07m, 2m, 8m, "gcp-pricing-yml"),
            ], rows.Select(r => ((string)r[0]!, (string)r[2]!, (decimal)r[3]!, (decimal)r[4]!, (decimal)r[5]!, (string)r[6]!)).ToList());
        }
        finally
        {
            listener.Stop();
            Directory.Delete(folder, recursive: true);
        }
    }

    private static int FreePort()
    {
        using var l = new TcpListener(IPAddress.Loopback, 0);
        l.Start();
        return ((IPEndPoint)l.LocalEndpoint).Port;
    }
}
