using System.Globalization;
using System.Text;

namespace FinOps.Bench;

/// <summary>
/// Writes a FOCUS 1.0 CSV shaped like the FinOps Foundation sample (same 44 columns, NULL literals,
/// quoted strings, JSON tags), with realistic variety: three providers, accounts, services, regions,
/// tens of thousands of resources, hourly charges over three months, in time order as providers write
/// them. Deterministic for a seed.
/// </summary>
public static class FocusCsvGenerator
{
    public static readonly string[] Columns =
    [
        "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName", "BillingCurrency", "BillingPeriodEnd", "BillingPeriodStart",
        "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart", "CommitmentDiscountCategory",
        "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountStatus", "CommitmentDiscountType", "ConsumedQuantity", "ConsumedUnit",
        "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceIssuerName", "ListCost", "ListUnitPrice", "PricingCategory", "PricingQuantity",
        "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId", "ResourceName", "ResourceType", "ServiceCategory", "Id",
        "ServiceName", "SkuId", "SkuPriceId", "SubAccountId", "SubAccountName", "Tags",
    ];

    private sealed record Provider(string Name, string Issuer, string Account, string AccountName, string[] Regions, (string Service, string Category, string Unit, string Type)[] Services);

    private static readonly Provider[] Providers =
    [
        new("AWS", "Amazon Web Services, Inc.", "1234567890123", "SunBird", ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"],
        [
            ("Amazon Elastic Compute Cloud", "Compute", "Hours", "instance"), ("Amazon Simple Storage Service", "Storage", "GB-Mo", "bucket"),
            ("Amazon Relational Database Service", "Databases", "Hours", "db"), ("AWS Lambda", "Compute", "Requests", "function"),
            ("Amazon CloudWatch", "Management and Governance", "Metrics", "alarm"), ("Amazon Simple Queue Service", "Integration", "Requests", "queue"),
            ("Amazon Virtual Private Cloud", "Networking", "Hours", "vpc"),
        ]),
        new("Microsoft", "Microsoft", "/providers/Microsoft.Billing/billingAccounts/8611537", "Contoso", ["eastus", "westeurope", "uksouth"],
        [
            ("Virtual Machines", "Compute", "Hours", "microsoft.compute/virtualmachines"), ("Storage", "Storage", "GB/Month", "microsoft.storage/storageaccounts"),
            ("Azure SQL Database", "Databases", "Hours", "microsoft.sql/servers"), ("Log Analytics", "Management and Governance", "GB", "microsoft.operationalinsights/workspaces"),
        ]),
        new("Google Cloud", "Google Cloud", "01A2B3-C4D5E6-F7A8B9", "Acme GCP", ["us-central1", "europe-west1"],
        [
            ("Compute Engine", "Compute", "hour", "compute.googleapis.com/Instance"), ("Cloud Storage", "Storage", "gibibyte month", "storage.googleapis.com/Bucket"),
            ("BigQuery", "Analytics", "tebibyte", "bigquery.googleapis.com/Dataset"),
        ]),
    ];

    private static readonly string[] Apps = ["BrightLensMatrix", "QuickNavigatorDrive", "BlueAssetEdge", "SwiftLedgerCore", "CalmOrbitHub", "NimbleQuartzFlow"];
    private static readonly string[] Units = ["ViennaAI", "MarseilleSRE", "PhoenixProcurement", "MadisonData", "PeoriaData"];

    /// <summary>Writes <paramref name="rows"/> rows; returns the bytes written.</summary>
    public static long Write(string path, long rows, int seed = 7, DateOnly? firstDay = null)
    {
        var random = new Random(seed);
        var start = (firstDay ?? new DateOnly(2024, 7, 1)).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        const int hours = 92 * 24;
        var ci = CultureInfo.InvariantCulture;
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        using var w = new StreamWriter(stream, new UTF8Encoding(false), 1 << 20) { NewLine = "\n" };
        w.WriteLine(string.Join(',', Columns.Select(c => $"\"{c}\"")));
        var sb = new StringBuilder(1024);
        for (long i = 0; i < rows; i++)
        {
            var p = Providers[random.Next(100) < 70 ? 0 : random.Next(100) < 60 ? 1 : 2];
            var s = p.Services[random.Next(p.Services.Length)];
            var region = p.Regions[random.Next(p.Regions.Length)];
            var resource = random.Next(40_000);
            var sub = 51738928782L + resource % 25;
            // Exports are written period by period: rows come in time order, resources in any order within an hour.
            var hour = start.AddHours((int)(i * hours / rows));
            var periodStart = new DateTime(hour.Year, hour.Month, 1, 0, 0, 0, DateTimeKind.Utc);
            var quantity = Math.Round((decimal)random.NextDouble() * 10, 6);
            var unitPrice = Math.Round((decimal)(random.NextDouble() * 0.5), 7) + 0.0000004m;
            var list = Math.Round(quantity * unitPrice, 11);
            var category = random.Next(1000) switch { < 985 => "Usage", < 995 => "Tax", _ => "Credit" };
            var billed = category == "Credit" ? -list : list;
            var committed = category == "Usage" && random.Next(10) == 0;
            var effective = committed ? Math.Round(billed * 0.6m, 11) : billed;
            var app = Apps[resource % Apps.Length];

            sb.Clear();
            sb.Append(random.Next(3) == 0 ? $"\"{region}a\"" : "NULL").Append(',');
            sb.Append(billed.ToString("0.00000000000", ci)).Append(',');
            sb.Append('"').Append(p.Account).Append("\",\"").Append(p.AccountName).Append("\",\"USD\",");
            sb.Append('"').Append(periodStart.AddMonths(1).ToString("yyyy-MM-dd HH:mm:ss", ci)).Append("\",\"").Append(periodStart.ToString("yyyy-MM-dd HH:mm:ss", ci)).Append("\",");
            sb.Append('"').Append(category).Append("\",NULL,");
            sb.Append("\"$").Append(unitPrice.ToString("0.0000000", ci)).Append(" per ").Append(s.Unit).Append(" for ").Append(s.Service).Append(" in ").Append(region).Append(", \"\"standard\"\" tier\",");
            sb.Append(category == "Usage" ? "\"Usage-Based\"," : "\"One-Time\",");
            sb.Append('"').Append(hour.AddHours(1).ToString("yyyy-MM-dd HH:mm:ss", ci)).Append("\",\"").Append(hour.ToString("yyyy-MM-dd HH:mm:ss", ci)).Append("\",");
            if (committed)
            {
                sb.Append("\"Spend\",\"arn:aws:savingsplans::123456789012:savingsplan/").Append(resource % 7).Append("\",NULL,\"Used\",\"Savings Plan\",");
            }
            else
            {
                sb.Append("NULL,NULL,NULL,NULL,NULL,");
            }
            sb.Append(quantity.ToString(ci)).Append(",\"").Append(s.Unit).Append("\",");
            sb.Append(effective.ToString("0.00000000000", ci)).Append(',').Append(unitPrice.ToString(ci)).Append(',');
            sb.Append(effective.ToString("0.00000000000", ci)).Append(",\"").Append(p.Issuer).Append("\",");
            sb.Append(list.ToString("0.00000000000", ci)).Append(",\"").Append(unitPrice.ToString(ci)).Append("\",");
            sb.Append(committed ? "\"Committed\"," : "\"Standard\",").Append(quantity.ToString(ci)).Append(",\"").Append(s.Unit).Append("\",");
            sb.Append('"').Append(p.Name).Append("\",\"").Append(p.Issuer).Append("\",\"").Append(region).Append("\",\"").Append(region.ToUpperInvariant()).Append("\",");
            sb.Append("\"arn:").Append(p.Name.ToLowerInvariant().Replace(' ', '-')).Append(':').Append(s.Type).Append(':').Append(region).Append(':').Append(sub).Append(":res-").Append(resource.ToString("x8", ci)).Append("\",");
            sb.Append(random.Next(2) == 0 ? "NULL," : $"\"res-{resource:x8}\",");
            sb.Append('"').Append(s.Type).Append("\",\"").Append(s.Category).Append("\",").Append(i + 1).Append(",\"").Append(s.Service).Append("\",");
            sb.Append("\"SKU").Append((resource % 997).ToString("D5", ci)).Append("\",\"SKU").Append((resource % 997).ToString("D5", ci)).Append(".RATE").Append(resource % 13).Append("\",");
            sb.Append('"').Append(sub).Append("\",\"Account ").Append(sub % 1000).Append("\",");
            if (random.Next(5) == 0)
            {
                sb.Append("NULL");
            }
            else
            {
                sb.Append("\"{\"\"application\"\": \"\"").Append(app).Append("\"\", \"\"environment\"\": \"\"").Append(resource % 3 == 0 ? "prod" : "dev")
                  .Append("\"\", \"\"business_unit\"\": \"\"").Append(Units[resource % Units.Length]).Append("\"\"}\"");
            }
            w.WriteLine(sb);
        }
        w.Flush();
        return stream.Length;
    }
}
