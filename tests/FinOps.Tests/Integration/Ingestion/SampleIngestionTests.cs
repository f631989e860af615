using FinOps.Core.Billing;
using FinOps.Core.Ingestion;
using FinOps.Tests.Fixtures;
using FinOps.Tests.Infrastructure;

namespace FinOps.Tests.Integration.Ingestion;

/// <summary>
/// Every real sample under ../shared/data loads, and its totals per day × sub-account × service equal the
/// source's own sums, in the raw rows and in the daily rollup.
/// </summary>
public sealed class SampleIngestionTests(PostgresServer server)
{
    private static Dictionary<(DateOnly, string?, string?), decimal> Billed(Dictionary<(DateOnly, string?, string?), (decimal Billed, decimal Effective)> t) =>
        t.ToDictionary(kv => kv.Key, kv => kv.Value.Billed);

    private static Dictionary<(DateOnly, string?, string?), decimal> Effective(Dictionary<(DateOnly, string?, string?), (decimal Billed, decimal Effective)> t) =>
        t.ToDictionary(kv => kv.Key, kv => kv.Value.Effective);

    private static async Task AssertTotalsAsync(IngestionDatabase db, Dictionary<(DateOnly, string?, string?), decimal> billed, Dictionary<(DateOnly, string?, string?), decimal> effective)
    {
        var raw = await db.TotalsAsync(fromRollup: false);
        var rollup = await db.TotalsAsync(fromRollup: true);
        SourceTotals.AssertEqual(billed, Billed(raw));
        SourceTotals.AssertEqual(effective, Effective(raw));
        SourceTotals.AssertEqual(billed, Billed(rollup));
        SourceTotals.AssertEqual(effective, Effective(rollup));
    }

    [Fact]
    public async Task Focus_1_0_sample_loads_with_totals_equal_to_the_source()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "focus10");
        var outcome = await db.IngestAsync(SharedData.FocusSample);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(("focus", "1.0"), (outcome.Format, outcome.FormatVersion));
        Assert.Equal(1000, outcome.RowsRead);
        Assert.Equal(1000, outcome.RowsLoaded);
        Assert.Equal(["AWS", "Microsoft", "Oracle"], outcome.Providers);
        await AssertTotalsAsync(db,
            SourceTotals.Sum(SharedData.FocusSample, "ChargePeriodStart", "SubAccountId", "ServiceName", r => SourceTotals.Dec(r["BilledCost"])),
            SourceTotals.Sum(SharedData.FocusSample, "ChargePeriodStart", "SubAccountId", "ServiceName", r => SourceTotals.Dec(r["EffectiveCost"])));
        Assert.Equal(20.52022672899m, await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.billing_line_items"));
        // NULL literals are nulls, tags are jsonb objects.
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items where charge_class = 'NULL' or resource_name = 'NULL'"));
        Assert.Equal("BrightLensMatrix", await db.ScalarAsync<string>("select tags->>'application' from finops.billing_line_items where tags->>'application' = 'BrightLensMatrix' limit 1"));
        var row = await db.RowsAsync("select status, format, format_version, rows_loaded, billing_periods::text, file_hash from finops.ingestions where id = $1", outcome.IngestionId);
        Assert.Equal(["succeeded", "focus", "1.0", 1000L], row[0][..4]);
        Assert.Equal("[\"2024-09-01\", \"2024-10-01\"]", row[0][4]);
        Assert.Equal(64, ((string)row[0][5]!).Length);
    }

    [Fact]
    public async Task Legacy_cur_sample_loads_with_unblended_totals_and_cur_names_mapped()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "curlegacy");
        var outcome = await db.IngestAsync(SharedData.CurLegacy);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("aws-cur", outcome.Format);
        Assert.Equal(1281, outcome.RowsLoaded);
        var expected = SourceTotals.Sum(SharedData.CurLegacy, "lineItem/UsageStartDate", "lineItem/UsageAccountId", "product/ProductName",
            r => SourceTotals.Dec(r["lineItem/UnblendedCost"]));
        await AssertTotalsAsync(db, expected, expected);
        Assert.Equal(12L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items where charge_category = 'Tax'"));
        Assert.Equal("Storage", await db.ScalarAsync<string>("select distinct service_category from finops.billing_line_items where service_name = 'Amazon Simple Storage Service'"));
        Assert.Equal("123412340534", await db.ScalarAsync<string>("select distinct billing_account_id from finops.billing_line_items"));
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from finops.accounts where provider = 'AWS'"));
    }

    [Fact]
    public async Task Azure_actual_cost_sample_bills_its_cost_column()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "azactual");
        var outcome = await db.IngestAsync(SharedData.AzureActual);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(("azure", "actual"), (outcome.Format, outcome.FormatVersion));
        var expected = SourceTotals.Sum(SharedData.AzureActual, "Date", "SubscriptionId", "MeterCategory", r => SourceTotals.Dec(r["Cost"]));
        await AssertTotalsAsync(db, expected, expected);
        Assert.Equal("Purchase", await db.ScalarAsync<string>("select charge_category from finops.billing_line_items where commitment_discount_type = 'Reservation'"));
        Assert.Equal("Standard_D2s_v3", await db.ScalarAsync<string>("select x_instance_type from finops.billing_line_items where x_instance_type is not null"));
        Assert.Equal("prod", await db.ScalarAsync<string>("select tags->>'env' from finops.billing_line_items where tags ? 'env' limit 1"));
    }

    [Fact]
    public async Task Azure_amortized_cost_sample_spreads_commitments_into_effective_cost()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "azamortized");
        var outcome = await db.IngestAsync(SharedData.AzureAmortized);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(("azure", "amortized"), (outcome.Format, outcome.FormatVersion));
        var rows = SourceTotals.Rows(SharedData.AzureAmortized);
        var effective = SourceTotals.Sum(SharedData.AzureAmortized, "Date", "SubscriptionId", "MeterCategory", r => SourceTotals.Dec(r["Cost"]));
        // Usage covered by a reservation or savings plan was paid for by the purchase: it bills nothing.
        var billed = SourceTotals.Sum(SharedData.AzureAmortized, "Date", "SubscriptionId", "MeterCategory",
            r => r["PricingModel"] is "Reservation" or "SavingsPlan" ? 0m : SourceTotals.Dec(r["Cost"]));
        await AssertTotalsAsync(db, billed, effective);
        Assert.Equal(rows.Count(r => r["PricingModel"] is "Reservation" or "SavingsPlan"),
            await db.ScalarAsync<long>("select count(*) from finops.billing_line_items where commitment_discount_status = 'Used' and billed_cost = 0"));
        Assert.Equal("Standard_DS2_v2", await db.ScalarAsync<string>("select x_instance_type from finops.billing_line_items where pricing_category = 'Committed' and commitment_discount_type = 'Reservation'"));
    }

    [Fact]
    public async Task Azure_ea_sample_in_cad_with_brace_less_tags_loads()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "azea");
        var outcome = await db.IngestAsync(SharedData.AzureEaSample);

        Assert.True(outcome.Succeeded, outcome.Message);
        var expected = SourceTotals.Sum(SharedData.AzureEaSample, "Date", "SubscriptionId", "MeterCategory", r => SourceTotals.Dec(r["CostInBillingCurrency"]));
        await AssertTotalsAsync(db, expected, expected);
        Assert.Equal(["CAD"], (await db.RowsAsync("select distinct billing_currency from finops.daily_costs")).Select(r => (string)r[0]!));
        Assert.Equal(27L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items where tags->>'tagA' = 'valueA'"));
        Assert.Equal(3L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items where pricing_category = 'Dynamic'"));
    }

    [Fact]
    public async Task Oci_cost_report_loads_my_cost_with_compartments_and_tags()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "oci");
        var outcome = await db.IngestAsync(SharedData.Oci);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("oci", outcome.Format);
        Assert.Equal(506, outcome.RowsLoaded);
        var expected = SourceTotals.Sum(SharedData.Oci, "lineItem/intervalUsageStart", "product/compartmentId", "product/service", r => SourceTotals.Dec(r["cost/myCost"]));
        await AssertTotalsAsync(db, expected, expected);
        Assert.Equal("default/phil.newman@oracle.com",
            await db.ScalarAsync<string>("select tags->>'Oracle-Tags.CreatedBy' from finops.billing_line_items where tags ? 'Oracle-Tags.CreatedBy' limit 1"));
    }

    [Fact]
    public async Task Loading_every_sample_into_one_database_keeps_each_providers_totals()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "allsamples");
        string[] files = [SharedData.FocusSample, SharedData.CurLegacy, SharedData.AzureEaSample, SharedData.Oci];
        foreach (var file in files)
        {
            Assert.True((await db.IngestAsync(file)).Succeeded);
        }
        var raw = await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.billing_line_items");
        var rollup = await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.daily_costs");
        Assert.Equal(raw, rollup);
        Assert.Equal(4L, await db.ScalarAsync<long>("select count(*) from finops.ingestions where status = 'succeeded'"));
        Assert.Equal(1000L + 1281L + 27L + 506L, await db.ScalarAsync<long>("select sum(line_count)::bigint from finops.daily_costs"));
    }

    [Fact]
    public async Task Partitions_are_created_for_the_months_a_file_touches()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "partitions");
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from pg_class where relname like 'billing_line_items_y2023m11'"));

        Assert.True((await db.IngestAsync(SharedData.CurLegacy)).Succeeded);

        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from pg_class where relname = 'billing_line_items_y2023m11'"));
        Assert.Equal(1281L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items_y2023m11"));
        Assert.Equal(IngestionStatus.Succeeded, await db.ScalarAsync<string>("select status from finops.ingestions"));
    }
}
