using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace FinOps.Core.Ingestion.Demo;

/// <summary>A cost spike planted in the demo data: the anomaly detector should find it on this day and scope.</summary>
public sealed record PlantedAnomaly(DateOnly Day, string Provider, string SubAccountId, string ServiceName, decimal Factor, string Description);

/// <summary>The files of a generated demo dataset and what was planted in them.</summary>
public sealed record DemoDataSet(
    IReadOnlyList<string> BillingFiles,
    string UsageFile,
    DateOnly FirstDay,
    DateOnly LastDay,
    long BillingRows,
    long UsageRows,
    IReadOnlyList<PlantedAnomaly> Anomalies,
    IReadOnlyList<string> IdleResources);

/// <summary>
/// A seeded, deterministic, realistic multi-cloud dataset: FOCUS 1.2 CSV files for AWS, Microsoft and
/// Google Cloud (one per provider and billing month, as providers deliver them), covering the
/// <see cref="Days"/> days up to yesterday (from the injected <see cref="TimeProvider"/>), plus a usage
/// metrics CSV for the compute instances. Costs follow weekly seasonality (quieter weekends), steady
/// growth, month-start fees and taxes, a few commitment-covered instances, and planted anomalies on known
/// days; some instances are idle or oversized so rightsizing has something to find. It goes through the
/// real ingestion path (<see cref="LoadAsync"/>).
/// </summary>
public sealed class DemoDataGenerator(IngestionService ingestion, TimeProvider time, ILogger<DemoDataGenerator>? logger = null)
{
    public const int Days = 120;
    public const int DefaultSeed = 20240917;

    private readonly ILogger logger = logger ?? NullLogger<DemoDataGenerator>.Instance;

    private static readonly string[] FocusHeader =
    [
        "AvailabilityZone", "BilledCost", "BillingAccountId", "BillingAccountName", "BillingAccountType", "BillingCurrency", "BillingPeriodEnd",
        "BillingPeriodStart", "ChargeCategory", "ChargeClass", "ChargeDescription", "ChargeFrequency", "ChargePeriodEnd", "ChargePeriodStart",
        "CommitmentDiscountCategory", "CommitmentDiscountId", "CommitmentDiscountName", "CommitmentDiscountStatus", "CommitmentDiscountType",
        "ConsumedQuantity", "ConsumedUnit", "ContractedCost", "ContractedUnitPrice", "EffectiveCost", "InvoiceId", "InvoiceIssuerName", "ListCost",
        "ListUnitPrice", "PricingCategory", "PricingQuantity", "PricingUnit", "ProviderName", "PublisherName", "RegionId", "RegionName", "ResourceId",
        "ResourceName", "ResourceType", "ServiceCategory", "ServiceName", "ServiceSubcategory", "SkuId", "SkuPriceId", "SubAccountId", "SubAccountName",
        "SubAccountType", "Tags", "x_InstanceType",
    ];

    private sealed record Cloud(string Name, string BillingAccountId, string BillingAccountName, string SubAccountType, (string Id, string Name, string Env)[] SubAccounts, string[] Regions);

    private sealed record Service(string Cloud, string Name, string Category, string Subcategory, string Unit, string ResourceType, decimal MinDaily, decimal MaxDaily,
        int PerSubAccount, string[]? InstanceTypes = null, bool Weekly = true, string? SecondLine = null, decimal SecondShare = 0);

    private sealed record Resource(int Index, Cloud Cloud, Service Service, (string Id, string Name, string Env) Sub, string Region, string Id, string Name,
        string? InstanceType, decimal BaseDaily, string Team, string App, Utilization Utilization, bool Committed);

    private enum Utilization { Busy, Normal, Oversized, Idle }

    private static readonly Cloud[] Clouds =
    [
        new("AWS", "123456789012", "Acme Corp (payer)", "AWS Account",
            [("210987654321", "acme-prod", "prod"), ("345678901234", "acme-staging", "staging"), ("456789012345", "acme-data", "prod"), ("567890123456", "acme-sandbox", "dev")],
            ["us-east-1", "us-west-2", "eu-west-1"]),
        new("Microsoft", "/providers/Microsoft.Billing/billingAccounts/8611537", "Acme Corp EA", "Subscription",
            [("9ec51cfd-5ca7-4d76-8101-dd0a4abc5674", "Production", "prod"), ("1caaa5a3-2b66-438e-8ab4-bce37d518c5d", "Analytics", "prod"), ("e18e1552-c6dd-45d1-973c-3a4b5c6d7e8f", "Dev/Test", "dev")],
            ["eastus", "westeurope"]),
        new("Google Cloud", "01A2B3-C4D5E6-F7A8B9", "Acme Corp GCP", "Project",
            [("acme-prod", "Acme Production", "prod"), ("acme-data", "Acme Data", "prod"), ("acme-ml", "Acme ML", "dev")],
            ["us-central1", "europe-west1"]),
    ];

    private static readonly Service[] Services =
    [
        new("AWS", "Amazon Elastic Compute Cloud", "Compute", "Virtual Machines", "Hours", "Instance", 2.2m, 38m, 18,
            ["t3.medium", "m5.large", "m5.xlarge", "c6i.2xlarge", "r6g.xlarge"], SecondLine: "EBS:VolumeUsage.gp3", SecondShare: 0.12m),
        new("AWS", "Amazon Simple Storage Service", "Storage", "Object Storage", "GB-Mo", "Bucket", 0.8m, 24m, 6, Weekly: false, SecondLine: "Requests-Tier1", SecondShare: 0.08m),
        new("AWS", "Amazon Relational Database Service", "Databases", "Relational Databases", "Hours", "DB Instance", 9m, 55m, 2, ["db.r6g.large", "db.m5.large"]),
        new("AWS", "AWS Lambda", "Compute", "Serverless Compute", "Requests", "Function", 0.2m, 6m, 6),
        new("AWS", "Amazon CloudFront", "Networking", "Content Delivery", "GB", "Distribution", 1m, 14m, 2, SecondLine: "Requests-HTTPS", SecondShare: 0.2m),
        new("AWS", "Amazon DynamoDB", "Databases", "NoSQL Databases", "WriteCapacityUnit-Hrs", "Table", 0.5m, 9m, 3, Weekly: false),
        new("Microsoft", "Virtual Machines", "Compute", "Virtual Machines", "Hours", "microsoft.compute/virtualmachines", 2.5m, 42m, 14,
            ["Standard_B2s", "Standard_D2s_v3", "Standard_D4s_v3", "Standard_E4s_v5"], SecondLine: "Premium SSD Managed Disks", SecondShare: 0.1m),
        new("Microsoft", "Storage", "Storage", "Object Storage", "GB/Month", "microsoft.storage/storageaccounts", 0.5m, 12m, 4, Weekly: false),
        new("Microsoft", "Azure SQL Database", "Databases", "Relational Databases", "Hours", "microsoft.sql/servers/databases", 6m, 40m, 3),
        new("Microsoft", "Log Analytics", "Management and Governance", "Observability", "GB", "microsoft.operationalinsights/workspaces", 1.5m, 11m, 1),
        new("Google Cloud", "Compute Engine", "Compute", "Virtual Machines", "Hours", "compute.googleapis.com/Instance", 2m, 35m, 14,
            ["e2-standard-2", "n2-standard-4", "n2-highmem-8", "c3-standard-4"], SecondLine: "Storage PD Capacity", SecondShare: 0.1m),
        new("Google Cloud", "Cloud Storage", "Storage", "Object Storage", "GiB-Mo", "storage.googleapis.com/Bucket", 0.4m, 9m, 4, Weekly: false),
        new("Google Cloud", "BigQuery", "Analytics", "Data Processing", "TiB", "bigquery.googleapis.com/Dataset", 3m, 30m, 1),
        new("Google Cloud", "Cloud SQL", "Databases", "Relational Databases", "Hours", "sqladmin.googleapis.com/Instance", 4m, 25m, 2),
        new("Google Cloud", "Cloud Run", "Compute", "Serverless Compute", "vCPU-Seconds", "run.googleapis.com/Service", 0.3m, 5m, 4),
    ];

    private static readonly string[] Teams = ["platform", "search", "payments", "data", "ml", "web"];
    private static readonly string[] Apps = ["checkout", "catalog", "search-api", "etl", "recommender", "website", "auth"];

    /// <summary>Generates the dataset and ingests every file through <see cref="IngestionService"/> (source <c>demo</c>).</summary>
    public async Task<IReadOnlyList<IngestionOutcome>> LoadAsync(CancellationToken ct, int seed = DefaultSeed)
    {
        var folder = Directory.CreateTempSubdirectory("finops-demo-");
        try
        {
            var set = await WriteAsync(folder.FullName, seed, ct);
            logger.LogInformation("Demo data: {Rows} billing rows in {Files} files and {UsageRows} usage points, {First} to {Last}",
                set.BillingRows, set.BillingFiles.Count, set.UsageRows, set.FirstDay, set.LastDay);
            var outcomes = new List<IngestionOutcome>();
            foreach (var file in set.BillingFiles.Append(set.UsageFile))
            {
                outcomes.Add(await ingestion.IngestAsync(new IngestionRequest(file, Path.GetFileName(file), "demo", CreatedBy: "demo-data"), ct));
            }
            return outcomes;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>Writes the dataset's files into <paramref name="folder"/>.</summary>
    public async Task<DemoDataSet> WriteAsync(string folder, int seed = DefaultSeed, CancellationToken ct = default)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var last = today.AddDays(-1);
        var first = last.AddDays(-(Days - 1));
        var resources = BuildResources(seed);
        var anomalies = PlantAnomalies(last, resources);
        var files = new List<string>();
        long billingRows = 0;

        foreach (var cloud in Clouds)
        {
            for (var month = new DateOnly(first.Year, first.Month, 1); month <= last; month = month.AddMonths(1))
            {
                ct.ThrowIfCancellationRequested();
                var path = Path.Combine(folder, $"demo-{cloud.Name.ToLowerInvariant().Replace(' ', '-')}-{month:yyyy-MM}.csv");
                await using var writer = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
                await writer.WriteLineAsync(string.Join(',', FocusHeader));
                var from = month < first ? first : month;
                var to = month.AddMonths(1).AddDays(-1) < last ? month.AddMonths(1).AddDays(-1) : last;
                billingRows += await WriteMonthAsync(writer, cloud, month, from, to, first, resources.Where(r => r.Cloud == cloud).ToList(), anomalies, seed);
                files.Add(path);
            }
        }

        var usagePath = Path.Combine(folder, "demo-usage-metrics.csv");
        var usageRows = await WriteUsageAsync(usagePath, resources, last, seed);
        return new DemoDataSet(files, usagePath, first, last, billingRows, usageRows, anomalies,
            resources.Where(r => r.Utilization == Utilization.Idle).Select(r => r.Id).ToList());
    }

    private static List<Resource> BuildResources(int seed)
    {
        var list = new List<Resource>();
        var index = 0;
        foreach (var cloud in Clouds)
        {
            foreach (var service in Services.Where(s => s.Cloud == cloud.Name))
            {
                foreach (var sub in cloud.SubAccounts)
                {
                    var count = sub.Env == "dev" ? Math.Max(1, service.PerSubAccount / 2) : service.PerSubAccount;
                    for (var i = 0; i < count; i++, index++)
                    {
                        var u = Unit(seed, index, 0, 1);
                        var region = cloud.Regions[(int)(Unit(seed, index, 0, 2) * cloud.Regions.Length)];
                        var instanceType = service.InstanceTypes?[(int)(Unit(seed, index, 0, 3) * service.InstanceTypes.Length)];
                        var baseDaily = Math.Round(service.MinDaily + (service.MaxDaily - service.MinDaily) * (decimal)(u * u), 4);
                        var utilization = instanceType is null ? Utilization.Normal : (index % 9) switch
                        {
                            0 => Utilization.Idle,
                            1 or 5 => Utilization.Oversized,
                            2 or 6 => Utilization.Busy,
                            _ => Utilization.Normal,
                        };
                        var name = $"{Slug(service.Name)}-{sub.Env}-{i + 1:D2}";
                        var id = cloud.Name switch
                        {
                            "AWS" => instanceType is not null
                                ? $"arn:aws:ec2:{region}:{sub.Id}:instance/i-{Hex(seed, index, 17)}"
                                : $"arn:aws:{Slug(service.Name)}:{region}:{sub.Id}:{name}",
                            "Microsoft" => $"/subscriptions/{sub.Id}/resourceGroups/rg-{sub.Env}/providers/{service.ResourceType}/{name}",
                            _ => $"//{service.ResourceType.Split('/')[0]}/projects/{sub.Id}/{service.ResourceType.Split('/')[1].ToLowerInvariant()}s/{name}",
                        };
                        list.Add(new Resource(index, cloud, service, sub, region, id, name, instanceType, baseDaily,
                            Teams[index % Teams.Length], Apps[(index / 2) % Apps.Length], utilization,
                            Committed: instanceType is not null && sub.Env == "prod" && index % 4 == 3));
                    }
                }
            }
        }
        return list;
    }

    /// <summary>Spikes on fixed offsets from the last day, in scopes that exist whatever the seed.</summary>
    private static List<PlantedAnomaly> PlantAnomalies(DateOnly last, List<Resource> resources)
    {
        PlantedAnomaly Make(int daysBack, string cloud, string sub, string service, decimal factor, string what)
        {
            var found = resources.First(r => r.Cloud.Name == cloud && r.Sub.Id == sub && r.Service.Name == service);
            return new PlantedAnomaly(last.AddDays(-daysBack), cloud, found.Sub.Id, service, factor, what);
        }
        return
        [
            Make(12, "AWS", "210987654321", "Amazon Elastic Compute Cloud", 4.0m, "Runaway autoscaling in acme-prod: EC2 cost ×4 for one day"),
            Make(33, "Microsoft", "1caaa5a3-2b66-438e-8ab4-bce37d518c5d", "Log Analytics", 6.0m, "Debug logging left on in Analytics: Log Analytics ×6"),
            Make(5, "Google Cloud", "acme-data", "BigQuery", 8.0m, "Unpartitioned full-table scans in acme-data: BigQuery ×8"),
            Make(61, "AWS", "456789012345", "Amazon Simple Storage Service", 3.0m, "Replication misconfiguration in acme-data: S3 ×3"),
        ];
    }

    private static async Task<long> WriteMonthAsync(StreamWriter w, Cloud cloud, DateOnly month, DateOnly from, DateOnly to, DateOnly first,
        List<Resource> resources, List<PlantedAnomaly> anomalies, int seed)
    {
        long rows = 0;
        var periodStart = Ts(month);
        var periodEnd = Ts(month.AddMonths(1));
        var invoice = $"INV-{cloud.Name[..2].ToUpperInvariant()}-{month:yyyyMM}";
        var monthTotal = 0m;
        for (var day = from; day <= to; day = day.AddDays(1))
        {
            var t = day.DayNumber - first.DayNumber;
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            var growth = 1m + 0.18m * t / Days;
            foreach (var r in resources)
            {
                var s = r.Service;
                var weekly = s.Weekly && weekend ? (r.Sub.Env == "prod" ? 0.82m : 0.45m) : 1m;
                var noise = 0.93m + 0.14m * (decimal)Unit(seed, r.Index, t, 4);
                var spike = anomalies.Where(a => a.Day == day && a.Provider == cloud.Name && a.SubAccountId == r.Sub.Id && a.ServiceName == s.Name)
                    .Select(a => a.Factor).DefaultIfEmpty(1m).First();
                var list = Math.Round(r.BaseDaily * weekly * growth * noise * spike, 6);
                var second = s.SecondLine is null ? 0m : Math.Round(list * s.SecondShare, 6);
                var main = list - second;
                var effective = r.Committed ? Math.Round(main * 0.62m, 6) : main;
                var billed = r.Committed ? 0m : main;
                monthTotal += billed + second;
                var unitPrice = s.Unit == "Hours" ? Math.Round(main / 24m, 6) : Math.Round(main / 100m, 6);
                var qty = s.Unit == "Hours" ? 24m : 100m;
                await WriteRow(w, cloud, r, r.Sub, periodStart, periodEnd, invoice, Ts(day), Ts(day.AddDays(1)), "Usage", "Usage-Based",
                    $"{s.Name} {r.InstanceType ?? s.Subcategory} usage", billed, effective, main, unitPrice, qty, s.Unit,
                    r.Committed ? "Committed" : "Standard", r.Committed);
                rows++;
                if (s.SecondLine is not null)
                {
                    await WriteRow(w, cloud, r, r.Sub, periodStart, periodEnd, invoice, Ts(day), Ts(day.AddDays(1)), "Usage", "Usage-Based",
                        $"{s.Name} {s.SecondLine}", second, second, second, Math.Round(second / 10m, 6), 10m, "GB-Mo", "Standard", false);
                    rows++;
                }
            }
        }
        // Month-start charges: support / platform fees on the 1st (when in range) and the month's tax on its last day.
        if (from == month)
        {
            var fee = cloud.Name switch { "AWS" => 1500m, "Microsoft" => 1000m, _ => 400m };
            var payer = cloud.SubAccounts[0];
            var feeService = cloud.Name switch { "AWS" => "AWS Support (Business)", "Microsoft" => "Azure Support Plan", _ => "Google Cloud Support" };
            await WriteFee(w, cloud, payer, periodStart, periodEnd, invoice, Ts(month), Ts(month.AddMonths(1)), "Purchase", "Recurring", feeService, fee);
            rows++;
        }
        if (to == month.AddMonths(1).AddDays(-1))
        {
            var payer = cloud.SubAccounts[0];
            await WriteFee(w, cloud, payer, periodStart, periodEnd, invoice, Ts(to), Ts(to.AddDays(1)), "Tax", "One-Time", "Tax", Math.Round(monthTotal * 0.07m, 2));
            rows++;
        }
        return rows;
    }

    private static Task WriteFee(StreamWriter w, Cloud cloud, (string Id, string Name, string Env) sub, string periodStart, string periodEnd, string invoice,
        string start, string end, string category, string frequency, string service, decimal amount)
    {
        var f = new string[FocusHeader.Length];
        Array.Fill(f, "");
        Set(f, "BilledCost", Money(amount));
        Set(f, "EffectiveCost", Money(amount));
        Set(f, "ListCost", Money(amount));
        Set(f, "ContractedCost", Money(amount));
        Common(f, cloud, sub, periodStart, periodEnd, invoice, start, end, category, frequency);
        Set(f, "ChargeDescription", Csv($"{service} {category.ToLowerInvariant()} for {periodStart[..7]}"));
        Set(f, "ServiceName", Csv(category == "Tax" ? "Tax" : service));
        Set(f, "ServiceCategory", "Other");
        Set(f, "ServiceSubcategory", "Other");
        return w.WriteLineAsync(string.Join(',', f));
    }

    private static Task WriteRow(StreamWriter w, Cloud cloud, Resource r, (string Id, string Name, string Env) sub, string periodStart, string periodEnd,
        string invoice, string start, string end, string category, string frequency, string description, decimal billed, decimal effective, decimal list,
        decimal unitPrice, decimal quantity, string unit, string pricingCategory, bool committed)
    {
        var f = new string[FocusHeader.Length];
        Array.Fill(f, "");
        Set(f, "BilledCost", Money(billed));
        Set(f, "EffectiveCost", Money(effective));
        Set(f, "ListCost", Money(list));
        Set(f, "ContractedCost", Money(committed ? effective : list));
        Set(f, "ListUnitPrice", Money(unitPrice));
        Set(f, "ContractedUnitPrice", Money(unitPrice));
        Common(f, cloud, sub, periodStart, periodEnd, invoice, start, end, category, frequency);
        Set(f, "ChargeDescription", Csv(description));
        Set(f, "ConsumedQuantity", Money(quantity));
        Set(f, "ConsumedUnit", Csv(unit));
        Set(f, "PricingQuantity", Money(quantity));
        Set(f, "PricingUnit", Csv(unit));
        Set(f, "PricingCategory", pricingCategory);
        Set(f, "RegionId", r.Region);
        Set(f, "RegionName", RegionName(r.Region));
        Set(f, "AvailabilityZone", r.InstanceType is null ? "" : r.Region + (cloud.Name == "Google Cloud" ? "-a" : cloud.Name == "AWS" ? "a" : ""));
        Set(f, "ResourceId", Csv(r.Id));
        Set(f, "ResourceName", Csv(r.Name));
        Set(f, "ResourceType", Csv(r.Service.ResourceType));
        Set(f, "ServiceName", Csv(r.Service.Name));
        Set(f, "ServiceCategory", Csv(r.Service.Category));
        Set(f, "ServiceSubcategory", Csv(r.Service.Subcategory));
        Set(f, "SkuId", $"SKU-{Slug(r.Service.Name)}-{(r.InstanceType ?? unit).Replace(' ', '-')}");
        Set(f, "x_InstanceType", r.InstanceType ?? "");
        if (committed)
        {
            var spend = cloud.Name != "Microsoft";
            Set(f, "CommitmentDiscountCategory", spend ? "Spend" : "Usage");
            Set(f, "CommitmentDiscountId", Csv(cloud.Name switch
            {
                "AWS" => $"arn:aws:savingsplans::{cloud.SubAccounts[0].Id}:savingsplan/sp-compute-1yr",
                "Microsoft" => "/providers/Microsoft.Capacity/reservationOrders/demo-ri/reservations/vm-1yr",
                _ => "projects/acme-prod/commitments/cud-1yr",
            }));
            Set(f, "CommitmentDiscountName", spend ? "Compute commitment 1yr" : "VM reservation 1yr");
            Set(f, "CommitmentDiscountStatus", "Used");
            Set(f, "CommitmentDiscountType", cloud.Name switch { "AWS" => "Savings Plan", "Microsoft" => "Reservation", _ => "Committed Use Discount" });
        }
        Set(f, "Tags", Csv($"{{\"env\":\"{sub.Env}\",\"team\":\"{r.Team}\",\"app\":\"{r.App}\",\"cost_center\":\"CC-{100 + r.Index % 7}\"}}"));
        return w.WriteLineAsync(string.Join(',', f));
    }

    private static void Common(string[] f, Cloud cloud, (string Id, string Name, string Env) sub, string periodStart, string periodEnd, string invoice,
        string start, string end, string category, string frequency)
    {
        Set(f, "BillingAccountId", Csv(cloud.BillingAccountId));
        Set(f, "BillingAccountName", Csv(cloud.BillingAccountName));
        Set(f, "BillingAccountType", cloud.Name == "AWS" ? "Billing Account" : cloud.Name == "Microsoft" ? "Billing Profile" : "Billing Account");
        Set(f, "BillingCurrency", "USD");
        Set(f, "BillingPeriodStart", periodStart);
        Set(f, "BillingPeriodEnd", periodEnd);
        Set(f, "ChargeCategory", category);
        Set(f, "ChargeFrequency", frequency);
        Set(f, "ChargePeriodStart", start);
        Set(f, "ChargePeriodEnd", end);
        Set(f, "InvoiceId", invoice);
        Set(f, "InvoiceIssuerName", Csv(Issuer(cloud.Name)));
        Set(f, "ProviderName", Csv(cloud.Name));
        Set(f, "PublisherName", Csv(Issuer(cloud.Name)));
        Set(f, "SubAccountId", Csv(sub.Id));
        Set(f, "SubAccountName", Csv(sub.Name));
        Set(f, "SubAccountType", Csv(cloud.SubAccountType));
    }

    private static async Task<long> WriteUsageAsync(string path, List<Resource> resources, DateOnly last, int seed)
    {
        await using var w = new StreamWriter(path, false, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" };
        await w.WriteLineAsync("resource_id,provider,region,instance_type,timestamp,metric,average,maximum,unit");
        long rows = 0;
        var ci = CultureInfo.InvariantCulture;
        foreach (var r in resources.Where(r => r.InstanceType is not null))
        {
            // Daily statistics over the last 30 days, CloudWatch-style.
            for (var d = 29; d >= 0; d--)
            {
                var day = last.AddDays(-d);
                var u = Unit(seed, r.Index, day.DayNumber, 5);
                var (cpuAvg, cpuMax, memAvg) = r.Utilization switch
                {
                    Utilization.Idle => (0.6 + 1.4 * u, 2.5 + 2 * u, 8 + 4 * u),
                    Utilization.Oversized => (6 + 5 * u, 18 + 8 * u, 14 + 6 * u),
                    Utilization.Busy => (68 + 14 * u, 92 + 7 * u, 71 + 12 * u),
                    _ => (28 + 20 * u, 55 + 25 * u, 40 + 15 * u),
                };
                var ts = day.ToString("yyyy-MM-dd", ci) + "T00:00:00Z";
                var netIn = Math.Round((r.Utilization == Utilization.Idle ? 2e5 : 4e8) * (0.5 + u));
                string Line(string metric, double avg, double max, string unit) =>
                    $"{Csv(r.Id)},{Csv(r.Cloud.Name)},{r.Region},{r.InstanceType},{ts},{metric},{avg.ToString("0.###", ci)},{max.ToString("0.###", ci)},{unit}";
                await w.WriteLineAsync(Line("CPUUtilization", cpuAvg, cpuMax, "Percent"));
                await w.WriteLineAsync(Line("MemoryUtilization", memAvg, Math.Min(100, memAvg * 1.3), "Percent"));
                await w.WriteLineAsync(Line("NetworkIn", netIn, netIn * 3, "Bytes"));
                await w.WriteLineAsync(Line("NetworkOut", netIn / 2, netIn * 2, "Bytes"));
                rows += 4;
            }
        }
        return rows;
    }

    private static void Set(string[] fields, string column, string value) => fields[Array.IndexOf(FocusHeader, column)] = value;

    private static string Ts(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) + "T00:00:00Z";

    private static string Money(decimal value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Csv(string value) =>
        value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    private static string Slug(string value) => new(value.ToLowerInvariant().Where(char.IsLetterOrDigit).ToArray());

    private static string Issuer(string cloud) => cloud switch
    {
        "AWS" => "Amazon Web Services, Inc.",
        "Microsoft" => "Microsoft",
        _ => "Google Cloud",
    };

    private static string RegionName(string region) => region switch
    {
        "us-east-1" => "US East (N. Virginia)",
        "us-west-2" => "US West (Oregon)",
        "eu-west-1" => "Europe (Ireland)",
        "eastus" => "East US",
        "westeurope" => "West Europe",
        "us-central1" => "Iowa",
        "europe-west1" => "Belgium",
        _ => region,
    };

    /// <summary>A deterministic value in [0, 1) for (seed, resource, day, stream): stable whatever the order of generation.</summary>
    private static double Unit(int seed, int resource, int day, int stream)
    {
        var x = (ulong)(uint)seed * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)resource * 0xBF58476D1CE4E5B9UL ^ (ulong)(uint)day * 0x94D049BB133111EBUL ^ (ulong)stream * 0xD6E8FEB86659FD93UL;
        x ^= x >> 30;
        x *= 0xBF58476D1CE4E5B9UL;
        x ^= x >> 27;
        x *= 0x94D049BB133111EBUL;
        x ^= x >> 31;
        return (x >> 11) * (1.0 / (1UL << 53));
    }

    private static string Hex(int seed, int resource, int length)
    {
        var sb = new StringBuilder(length);
        for (var i = 0; i < length; i++)
        {
            sb.Append("0123456789abcdef"[(int)(Unit(seed, resource, i, 9) * 16)]);
        }
        return sb.ToString();
    }
}
