using FinOps.Core.Catalog;
using FinOps.Core.Catalog.PriceLists;
using FinOps.Tests.Fixtures;

namespace FinOps.Tests.Unit.Catalog;

public sealed class CatalogSnapshotTests
{
    private static readonly Lazy<List<InstanceType>> Snapshot = new(CatalogSnapshot.Load);

    [Fact]
    public void Snapshot_holds_at_least_1300_aws_1800_azure_and_500_gcp_priced_types()
    {
        var priced = Snapshot.Value.Where(r => r.OnDemandHourly > 0).GroupBy(r => r.Provider)
            .ToDictionary(g => g.Key, g => g.Select(r => r.Name).Distinct().Count());
        Assert.True(priced["aws"] >= 1300, $"aws {priced["aws"]}");
        Assert.True(priced["azure"] >= 1800, $"azure {priced["azure"]}");
        Assert.True(priced["gcp"] >= 500, $"gcp {priced["gcp"]}");
    }

    [Fact]
    public void Snapshot_has_known_shapes_and_list_prices()
    {
        var m5 = Snapshot.Value.Single(r => r is { Provider: "aws", Name: "m5.large", Region: "us-east-1", OperatingSystem: "Linux" });
        Assert.Equal((2m, 8m, "x86_64", 0.096m, "current"), (m5.Vcpu, m5.MemoryGib, m5.Architecture, m5.OnDemandHourly!.Value, m5.Generation));
        var d2ps = Snapshot.Value.First(r => r is { Provider: "azure", Name: "Standard_D2ps_v5" });
        Assert.Equal(("arm64", 2m, 8m), (d2ps.Architecture, d2ps.Vcpu, d2ps.MemoryGib));
        var e2 = Snapshot.Value.Single(r => r is { Provider: "gcp", Name: "e2-standard-2", Region: "us-central1" });
        Assert.Equal((2m, 8m, 0.06701142m), (e2.Vcpu, e2.MemoryGib, Math.Round(e2.OnDemandHourly!.Value, 8)));
        Assert.Equal("CNY", Snapshot.Value.Single(r => r is { Provider: "aws", Name: "m5.large", Region: "cn-north-1" }).Currency);
    }

    [Fact]
    public void Notice_names_every_source_and_licence()
    {
        var notice = CatalogSnapshot.Notice;
        foreach (var source in new[] { "karpenter-provider-aws", "karpenter-provider-azure", "kubernetes/autoscaler", "google-cloud-pricing-cost-calculator", "ec2instances.info", "Apache License 2.0", "MIT License" })
        {
            Assert.Contains(source, notice);
        }
    }

    [Fact]
    public async Task Aws_price_list_record_gives_m5_large_on_demand_linux_price()
    {
        await using var file = File.OpenRead(SharedData.Path("catalog", "aws", "pricelist", "GetProducts_m5_large.json"));
        var rows = await AwsPriceListParser.ParseAsync(file, TestContext.Current.CancellationToken);
        var row = Assert.Single(rows);
        Assert.Equal(("aws", "m5.large", "us-east-1", "Linux", 0.096m, 2m, 8m, "current"),
            (row.Provider, row.Name, row.Region, row.OperatingSystem, row.OnDemandHourly!.Value, row.Vcpu, row.MemoryGib, row.Generation));
        Assert.Equal(new DateOnly(2021, 2, 1), row.EffectiveDate);
    }

    [Fact]
    public async Task Azure_retail_page_keeps_hourly_consumption_prices_and_tells_windows_from_linux()
    {
        var page = """
            {"BillingCurrency":"USD","Items":[
              {"currencyCode":"USD","retailPrice":0.096,"armRegionName":"eastus","effectiveStartDate":"2025-03-01T00:00:00Z","meterName":"D2s v5","productName":"Virtual Machines Dsv5 Series","skuName":"D2s v5","serviceName":"Virtual Machines","unitOfMeasure":"1 Hour","type":"Consumption","isPrimaryMeterRegion":true,"armSkuName":"Standard_D2s_v5"},
              {"currencyCode":"USD","retailPrice":0.188,"armRegionName":"eastus","effectiveStartDate":"2025-03-01T00:00:00Z","meterName":"D2s v5","productName":"Virtual Machines Dsv5 Series Windows","skuName":"D2s v5","serviceName":"Virtual Machines","unitOfMeasure":"1 Hour","type":"Consumption","isPrimaryMeterRegion":true,"armSkuName":"Standard_D2s_v5"},
              {"currencyCode":"USD","retailPrice":0.0192,"armRegionName":"eastus","meterName":"D2s v5 Spot","productName":"Virtual Machines Dsv5 Series","skuName":"D2s v5 Spot","serviceName":"Virtual Machines","unitOfMeasure":"1 Hour","type":"Consumption","armSkuName":"Standard_D2s_v5"},
              {"currencyCode":"USD","retailPrice":500,"armRegionName":"eastus","meterName":"D2s v5","productName":"Virtual Machines Dsv5 Series","skuName":"D2s v5","serviceName":"Virtual Machines","unitOfMeasure":"1 Hour","type":"Reservation","armSkuName":"Standard_D2s_v5"}
            ],"NextPageLink":"https://prices.example/api?page=2","Count":4}
            """;
        var result = await AzureRetailPricesParser.ParseAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(page)), TestContext.Current.CancellationToken);
        Assert.Equal("https://prices.example/api?page=2", result.NextPageLink);
        Assert.Equal([("Linux", 0.096m), ("Windows", 0.188m)], result.Rows.Select(r => (r.OperatingSystem, r.OnDemandHourly!.Value)).ToList());
        Assert.All(result.Rows, r => Assert.Equal(("azure", "Standard_D2s_v5", "eastus"), (r.Provider, r.Name, r.Region)));
    }

    [Fact]
    public void Gcp_pricing_yml_gives_linux_and_windows_rows()
    {
        var yml = """
            about:
              timestamp: 1785391997
            compute:
              instance:
                e2-standard-2:
                  cost:
                    us-central1:
                      hour: 0.06701142
                      month: 48.9
                  cpu: 2
                  ram: 8
                a2-highgpu-1g:
                  a100: 1
                  cost:
                    us-central1:
                      hour: 3.67
                  cpu: 12
                  ram: 85
              license:
                e2-standard-2:
                  cost:
                    windows:
                      hour: 0.092
            """;
        var rows = GcpPricingParser.Parse(new StringReader(yml));
        Assert.Equal(3, rows.Count);
        Assert.Equal(0.15901142m, rows.Single(r => r is { Name: "e2-standard-2", OperatingSystem: "Windows" }).OnDemandHourly);
        Assert.Equal(1, rows.Single(r => r.Name == "a2-highgpu-1g").GpuCount);
        Assert.Equal(new DateOnly(2026, 7, 30), rows[0].EffectiveDate);
    }
}
