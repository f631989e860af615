using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using FinOps.Tests.Fixtures;
using FinOps.Tests.Infrastructure;
using Parquet.Serialization;

namespace FinOps.Tests.Integration.Ingestion;

/// <summary>
/// Formats with no public sample: CUR 2.0 (CSV and Parquet), the GCP billing export (CSV and JSON lines),
/// FOCUS as Parquet and gzip. The fixtures are small hand-made files with every charge type that matters.
/// </summary>
public sealed class SyntheticFormatTests(PostgresServer server) : IDisposable
{
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("finops-ingest-");

    public void Dispose() => temp.Delete(recursive: true);

    private static readonly string Cur2Csv = SharedData.Fixture("cur2_sample.csv");
    private static readonly string GcpCsv = SharedData.Fixture("gcp_billing_export.csv");
    private static readonly string GcpJsonl = SharedData.Fixture("gcp_billing_export.jsonl");

    // CUR 2.0: billed is the unblended cost; effective follows reservations and savings plans:
    // 2.304 + 1.10 (RI) + 5.00 (unused RI fee) + 2.50 (SP) + 0 (negation) + 2.50 (unused SP) + 12.34 (tax)
    // - 10 (credit) - 3.21 (refund) + 3.4615 + 0 (RI upfront fee) + 0.20 = 16.1955.
    private const decimal Cur2Billed = 275.0955m;
    private const decimal Cur2Effective = 16.1955m;

    [Fact]
    public async Task Cur2_csv_maps_line_item_types_to_focus_categories_and_amortizes_commitments()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "cur2csv");
        var outcome = await db.IngestAsync(Cur2Csv);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("aws-cur2", outcome.Format);
        Assert.Equal(12, outcome.RowsLoaded);
        await AssertCur2Async(db);
        Assert.Equal(Cur2Billed, SourceTotals.Rows(Cur2Csv).Sum(r => SourceTotals.Dec(r["line_item_unblended_cost"])));
    }

    [Fact]
    public async Task Cur2_parquet_loads_the_same_as_its_csv()
    {
        var path = Path.Combine(temp.FullName, "cur2.parquet");
        await WriteCur2ParquetAsync(path);
        await using var db = await IngestionDatabase.CreateAsync(server, "cur2parquet");
        var outcome = await db.IngestAsync(path);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("aws-cur2", outcome.Format);
        await AssertCur2Async(db);
    }

    private static async Task AssertCur2Async(IngestionDatabase db)
    {
        Assert.Equal(Cur2Billed, await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.billing_line_items"));
        Assert.Equal(Cur2Effective, await db.ScalarAsync<decimal>("select sum(effective_cost) from finops.billing_line_items"));
        Assert.Equal(Cur2Billed, await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.daily_costs"));
        Assert.Equal(Cur2Effective, await db.ScalarAsync<decimal>("select sum(effective_cost) from finops.daily_costs"));
        var kinds = (await db.RowsAsync("""
            select x_usage_type, charge_category, charge_class, commitment_discount_status, billed_cost, effective_cost
            from finops.billing_line_items where x_usage_type is not null or charge_category <> 'Usage' order by charge_period_start, billed_cost
            """)).ToList();
        Assert.Contains(kinds, r => (string?)r[1] == "Tax" && (decimal)r[4]! == 12.34m);
        Assert.Contains(kinds, r => (string?)r[1] == "Credit" && (string?)r[2] is null && (decimal)r[4]! == -10m);
        Assert.Contains(kinds, r => (string?)r[1] == "Credit" && (string?)r[2] == "Correction" && (decimal)r[4]! == -3.21m);
        Assert.Contains(kinds, r => (string?)r[0] == "HeavyUsage:m5.xlarge" && (string?)r[1] == "Purchase" && (string?)r[3] == "Unused" && (decimal)r[5]! == 5m);
        Assert.Contains(kinds, r => (string?)r[0] == "BoxUsage:m5.xlarge" && (string?)r[3] == "Used" && (decimal)r[4]! == 0m && (decimal)r[5]! == 1.10m);
        Assert.Equal("prod", await db.ScalarAsync<string>("select tags->>'env' from finops.billing_line_items where resource_id = 'i-0a1b2c3d4e5f60001'"));
        Assert.Equal("alice", await db.ScalarAsync<string>("select tags->>'aws_created_by' from finops.billing_line_items where resource_id = 'i-0a1b2c3d4e5f60001'"));
        Assert.Equal("m5.large", await db.ScalarAsync<string>("select x_instance_type from finops.billing_line_items where resource_id = 'i-0a1b2c3d4e5f60001'"));
        Assert.Equal("Amazon Elastic Compute Cloud", await db.ScalarAsync<string>("select service_name from finops.billing_line_items where resource_id = 'i-0a1b2c3d4e5f60001'"));
        Assert.Equal("$0.023 per GB-Month of storage used in \"Standard\", first 50 TB",
            await db.ScalarAsync<string>("select charge_description from finops.billing_line_items where resource_id = 'arn:aws:s3:::acme-logs'"));
        Assert.Equal(2L, await db.ScalarAsync<long>("select count(*) from finops.accounts where provider = 'AWS' and sub_account_id in ('222222222222', '333333333333')"));
    }

    // GCP: billed = cost + credits (one Credit row per credit): 9.089236 - 6.788847.
    private const decimal GcpBilled = 2.300389m;

    [Theory]
    [InlineData("gcp_billing_export.csv")]
    [InlineData("gcp_billing_export.jsonl")]
    public async Task Gcp_billing_export_turns_credits_into_credit_rows_and_labels_into_tags(string fixture)
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "gcp" + Path.GetExtension(fixture).TrimStart('.'));
        var outcome = await db.IngestAsync(SharedData.Fixture(fixture));

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("gcp", outcome.Format);
        Assert.Equal(5, outcome.RowsRead);
        Assert.Equal(8, outcome.RowsLoaded); // 5 charges + 3 credits
        Assert.Equal(GcpBilled, await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.billing_line_items"));
        Assert.Equal(GcpBilled, await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.daily_costs"));
        Assert.Equal(-6.788847m, await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.billing_line_items where charge_category = 'Credit'"));
        Assert.Equal(0.82m, await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.billing_line_items where charge_category = 'Tax'"));
        Assert.Equal("Correction", await db.ScalarAsync<string>("select charge_class from finops.billing_line_items where charge_category = 'Adjustment'"));
        Assert.Equal("search", await db.ScalarAsync<string>("select tags->>'team' from finops.billing_line_items where x_instance_type = 'n2-standard-4' and charge_category = 'Usage'"));
        Assert.Equal("Compute", await db.ScalarAsync<string>("select distinct service_category from finops.billing_line_items where service_name = 'Compute Engine'"));
        Assert.Equal("acme-data", await db.ScalarAsync<string>("select sub_account_id from finops.billing_line_items where service_name = 'BigQuery' limit 1"));
        Assert.Equal(new DateTimeOffset(2025, 3, 1, 0, 0, 0, TimeSpan.Zero),
            await db.ScalarAsync<DateTime>("select distinct billing_period_start from finops.billing_line_items"));
        // The adjustment dated February belongs to the March invoice: partition by charge date, scope by invoice month.
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items_y2025m02"));
    }

    [Fact]
    public async Task Gcp_csv_and_jsonl_of_the_same_export_give_the_same_rows()
    {
        await using var db1 = await IngestionDatabase.CreateAsync(server, "gcpsame1");
        await using var db2 = await IngestionDatabase.CreateAsync(server, "gcpsame2");
        Assert.True((await db1.IngestAsync(GcpCsv)).Succeeded);
        Assert.True((await db2.IngestAsync(GcpJsonl)).Succeeded);
        const string sql = """
            select day, sub_account_id, service_name, region_id, charge_category, billed_cost, effective_cost, list_cost, line_count
            from finops.daily_costs order by 1, 2, 3, 4, 5, 6
            """;
        var a = await db1.RowsAsync(sql);
        var b = await db2.RowsAsync(sql);
        Assert.Equal(a.Count, b.Count);
        for (var i = 0; i < a.Count; i++)
        {
            Assert.Equal(a[i], b[i]);
        }
    }

    [Fact]
    public async Task Focus_csv_gz_loads_like_the_plain_csv()
    {
        var path = Path.Combine(temp.FullName, "focus.csv.gz");
        await using (var input = File.OpenRead(SharedData.FocusSample))
        await using (var output = new GZipStream(File.Create(path), CompressionLevel.Fastest))
        {
            await input.CopyToAsync(output, TestContext.Current.CancellationToken);
        }
        await using var db = await IngestionDatabase.CreateAsync(server, "focusgz");
        var outcome = await db.IngestAsync(path);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal(1000, outcome.RowsLoaded);
        Assert.Equal(20.52022672899m, await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.daily_costs"));
        Assert.Equal(14.97651418586m, await db.ScalarAsync<decimal>("select sum(effective_cost) from finops.daily_costs"));
    }

    [Fact]
    public async Task Focus_parquet_loads_with_totals_equal_to_the_source()
    {
        var path = Path.Combine(temp.FullName, "focus.parquet");
        var rows = SourceTotals.Rows(SharedData.FocusSample).Select(r => new FocusParquetRow
        {
            BilledCost = SourceTotals.Dec(r["BilledCost"]),
            EffectiveCost = SourceTotals.Dec(r["EffectiveCost"]),
            ListCost = r["ListCost"] == "NULL" ? null : SourceTotals.Dec(r["ListCost"]),
            BillingCurrency = r["BillingCurrency"],
            BillingAccountId = r["BillingAccountId"],
            ChargeCategory = r["ChargeCategory"],
            ChargePeriodStart = DateTime.SpecifyKind(DateTime.Parse(r["ChargePeriodStart"], CultureInfo.InvariantCulture), DateTimeKind.Utc),
            ChargePeriodEnd = DateTime.SpecifyKind(DateTime.Parse(r["ChargePeriodEnd"], CultureInfo.InvariantCulture), DateTimeKind.Utc),
            BillingPeriodStart = DateTime.SpecifyKind(DateTime.Parse(r["BillingPeriodStart"], CultureInfo.InvariantCulture), DateTimeKind.Utc),
            ProviderName = r["ProviderName"],
            ServiceName = r["ServiceName"],
            SubAccountId = r["SubAccountId"] == "NULL" ? null : r["SubAccountId"],
            Tags = r["Tags"] == "NULL" ? null : r["Tags"],
        }).ToList();
        await ParquetSerializer.SerializeAsync(rows, path, cancellationToken: TestContext.Current.CancellationToken);

        await using var db = await IngestionDatabase.CreateAsync(server, "focusparquet");
        var outcome = await db.IngestAsync(path);

        Assert.True(outcome.Succeeded, outcome.Message);
        Assert.Equal("focus", outcome.Format);
        Assert.Equal(1000, outcome.RowsLoaded);
        var expected = SourceTotals.Sum(SharedData.FocusSample, "ChargePeriodStart", "SubAccountId", "ServiceName", r => SourceTotals.Dec(r["BilledCost"]));
        SourceTotals.AssertEqual(expected, (await db.TotalsAsync(fromRollup: true)).ToDictionary(kv => kv.Key, kv => kv.Value.Billed));
        Assert.Equal(14.97651418586m, await db.ScalarAsync<decimal>("select sum(effective_cost) from finops.daily_costs"));
    }

    public sealed class FocusParquetRow
    {
        public decimal BilledCost { get; set; }
        public decimal EffectiveCost { get; set; }
        public decimal? ListCost { get; set; }
        public string BillingCurrency { get; set; } = "";
        public string BillingAccountId { get; set; } = "";
        public string ChargeCategory { get; set; } = "";
        public DateTime ChargePeriodStart { get; set; }
        public DateTime ChargePeriodEnd { get; set; }
        public DateTime BillingPeriodStart { get; set; }
        public string ProviderName { get; set; } = "";
        public string ServiceName { get; set; } = "";
        public string? SubAccountId { get; set; }
        public string? Tags { get; set; }
    }

    public sealed class Cur2ParquetRow
    {
        [JsonPropertyName("bill_billing_period_start_date")] public DateTime BillingPeriodStart { get; set; }
        [JsonPropertyName("bill_billing_period_end_date")] public DateTime BillingPeriodEnd { get; set; }
        [JsonPropertyName("bill_payer_account_id")] public string Payer { get; set; } = "";
        [JsonPropertyName("line_item_usage_account_id")] public string UsageAccount { get; set; } = "";
        [JsonPropertyName("line_item_line_item_type")] public string LineItemType { get; set; } = "";
        [JsonPropertyName("line_item_usage_start_date")] public DateTime UsageStart { get; set; }
        [JsonPropertyName("line_item_usage_end_date")] public DateTime UsageEnd { get; set; }
        [JsonPropertyName("line_item_product_code")] public string ProductCode { get; set; } = "";
        [JsonPropertyName("line_item_usage_type")] public string? UsageType { get; set; }
        [JsonPropertyName("line_item_resource_id")] public string? ResourceId { get; set; }
        [JsonPropertyName("line_item_usage_amount")] public double UsageAmount { get; set; }
        [JsonPropertyName("line_item_currency_code")] public string Currency { get; set; } = "";
        [JsonPropertyName("line_item_unblended_cost")] public double UnblendedCost { get; set; }
        [JsonPropertyName("line_item_line_item_description")] public string? Description { get; set; }
        [JsonPropertyName("product")] public Dictionary<string, string> Product { get; set; } = [];
        [JsonPropertyName("product_instance_type")] public string? InstanceType { get; set; }
        [JsonPropertyName("product_region_code")] public string? Region { get; set; }
        [JsonPropertyName("reservation_reservation_a_r_n")] public string? ReservationArn { get; set; }
        [JsonPropertyName("reservation_effective_cost")] public double? ReservationEffectiveCost { get; set; }
        [JsonPropertyName("reservation_unused_amortized_upfront_fee_for_billing_period")] public double? RiUnusedUpfront { get; set; }
        [JsonPropertyName("reservation_unused_recurring_fee")] public double? RiUnusedRecurring { get; set; }
        [JsonPropertyName("savings_plan_savings_plan_a_r_n")] public string? SavingsPlanArn { get; set; }
        [JsonPropertyName("savings_plan_savings_plan_effective_cost")] public double? SpEffective { get; set; }
        [JsonPropertyName("savings_plan_total_commitment_to_date")] public double? SpTotal { get; set; }
        [JsonPropertyName("savings_plan_used_commitment")] public double? SpUsed { get; set; }
        [JsonPropertyName("resource_tags")] public Dictionary<string, string> ResourceTags { get; set; } = [];
    }

    /// <summary>The CSV fixture as CUR 2.0 Parquet: doubles for money, timestamps, maps for product and tags.</summary>
    private static async Task WriteCur2ParquetAsync(string path)
    {
        static double? D(string s) => s == "" ? null : double.Parse(s, CultureInfo.InvariantCulture);
        static DateTime T(string s) => DateTimeOffset.Parse(s, CultureInfo.InvariantCulture).UtcDateTime;
        static string? S(string s) => s == "" ? null : s;
        var rows = SourceTotals.Rows(Cur2Csv).Select(r => new Cur2ParquetRow
        {
            BillingPeriodStart = T(r["bill_billing_period_start_date"]),
            BillingPeriodEnd = T(r["bill_billing_period_end_date"]),
            Payer = r["bill_payer_account_id"],
            UsageAccount = r["line_item_usage_account_id"],
            LineItemType = r["line_item_line_item_type"],
            UsageStart = T(r["line_item_usage_start_date"]),
            UsageEnd = T(r["line_item_usage_end_date"]),
            ProductCode = r["line_item_product_code"],
            UsageType = S(r["line_item_usage_type"]),
            ResourceId = S(r["line_item_resource_id"]),
            UsageAmount = D(r["line_item_usage_amount"]) ?? 0,
            Currency = r["line_item_currency_code"],
            UnblendedCost = D(r["line_item_unblended_cost"]) ?? 0,
            Description = S(r["line_item_line_item_description"]),
            Product = JsonSerializer.Deserialize<Dictionary<string, string>>(r["product"])!,
            InstanceType = S(r["product_instance_type"]),
            Region = S(r["product_region_code"]),
            ReservationArn = S(r["reservation_reservation_a_r_n"]),
            ReservationEffectiveCost = D(r["reservation_effective_cost"]),
            RiUnusedUpfront = D(r["reservation_unused_amortized_upfront_fee_for_billing_period"]),
            RiUnusedRecurring = D(r["reservation_unused_recurring_fee"]),
            SavingsPlanArn = S(r["savings_plan_savings_plan_a_r_n"]),
            SpEffective = D(r["savings_plan_savings_plan_effective_cost"]),
            SpTotal = D(r["savings_plan_total_commitment_to_date"]),
            SpUsed = D(r["savings_plan_used_commitment"]),
            ResourceTags = r["resource_tags"] == "" ? [] : JsonSerializer.Deserialize<Dictionary<string, string>>(r["resource_tags"])!,
        }).ToList();
        await ParquetSerializer.SerializeAsync(rows, path, cancellationToken: TestContext.Current.CancellationToken);
    }
}
