using System.Globalization;
using System.Text;
using System.Text.Json;
using FinOps.Core.Ingestion;
using FinOps.Core.Ingestion.Demo;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FinOps.Tests.Integration.Assistant.Evaluation;

/// <summary>A clock that always says the same instant: the evaluation's "today".</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}

/// <summary>One billing line as the demo generator wrote it to CSV, read back without any of the product's code.</summary>
public sealed record BillRow(
    DateOnly Day, string Provider, string SubAccountId, string SubAccountName, string Service, string? ServiceCategory, string? Region,
    string ChargeCategory, string Currency, decimal Billed, decimal Effective, decimal? List, string? ResourceId, string? ResourceName,
    decimal? Quantity, string? Unit, string? InstanceType, IReadOnlyDictionary<string, string> Tags);

public sealed record AnomalyRow(Guid Id, DateOnly Day, string ScopeDimension, string ScopeLabel, string? Provider, string? SubAccountId, string? Service,
    string? Region, decimal Actual, decimal Expected, decimal Impact, double ImpactPercent, string Severity, string Status);

public sealed record RecommendationRow(Guid Id, string Type, string ResourceId, string Provider, string SubAccountId, string Region, string? CurrentType,
    string? ProposedType, decimal Savings, string Status);

public sealed record ForecastPoint(Guid RunId, DateOnly Day, string? SubAccountId, string? Service, decimal Predicted, decimal Lower80, decimal Upper80,
    DateTimeOffset GeneratedAt);

public sealed record SavingRow(Guid Id, Guid RecommendationId, decimal BaselineCost, decimal PostCost, decimal Realized, bool Validated,
    DateOnly PostStart, DateOnly PostEnd);

/// <summary>
/// The evaluation's fixed dataset: the demo generator's FOCUS files for a fixed "today" (15 Sep 2026), loaded
/// through <see cref="IngestionService"/> (the product path), read back from the CSV files with a plain CSV
/// reader for the expected answers; plus anomalies, recommendations, forecasts and savings inserted as rows
/// (their engines are built elsewhere) from the lists below.
/// </summary>
public sealed class EvaluationData
{
    public static readonly DateTimeOffset Now = new(2026, 9, 15, 10, 0, 0, TimeSpan.Zero);
    public static DateOnly Today => DateOnly.FromDateTime(Now.UtcDateTime);

    public required IReadOnlyList<BillRow> Bills { get; init; }
    public required IReadOnlyList<AnomalyRow> Anomalies { get; init; }
    public required IReadOnlyList<RecommendationRow> Recommendations { get; init; }
    public required IReadOnlyList<ForecastPoint> Forecasts { get; init; }
    public required IReadOnlyList<SavingRow> Savings { get; init; }

    /// <summary>Generates the demo files, ingests them into <paramref name="connectionString"/>'s database and inserts the entity rows.</summary>
    public static async Task<EvaluationData> LoadAsync(string connectionString, CancellationToken ct)
    {
        var clock = new FixedClock(Now);
        var folder = Directory.CreateTempSubdirectory("finops-assistant-eval-");
        try
        {
            await using var dataSource = NpgsqlDataSource.Create(connectionString);
            var ingestion = new IngestionService(dataSource, clock, Microsoft.Extensions.Options.Options.Create(new IngestionOptions()), NullLogger<IngestionService>.Instance);
            var set = await new DemoDataGenerator(ingestion, clock).WriteAsync(folder.FullName, ct: ct);
            foreach (var file in set.BillingFiles.Append(set.UsageFile))
            {
                var outcome = await ingestion.IngestAsync(new IngestionRequest(file, Path.GetFileName(file), "demo", CreatedBy: "assistant-eval"), ct);
                if (!outcome.Succeeded)
                {
                    throw new InvalidOperationException($"{file}: {outcome.Message}");
                }
            }
            var bills = new List<BillRow>();
            foreach (var file in set.BillingFiles)
            {
                bills.AddRange(ReadBills(file));
            }
            var recommendations = MakeRecommendations();
            var data = new EvaluationData
            {
                Bills = bills,
                Anomalies = MakeAnomalies(),
                Recommendations = recommendations,
                Forecasts = MakeForecasts(),
                Savings = MakeSavings(recommendations),
            };
            await InsertEntitiesAsync(dataSource, data, ct);
            return data;
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    // ------------------------------------------------------------------ entity rows

    private static Guid G(int n) => new($"00000000-0000-0000-0000-{n:D12}");

    private static List<AnomalyRow> MakeAnomalies()
    {
        var t = Today;
        AnomalyRow A(int n, int daysAgo, string dim, string label, string? provider, string? sub, string? service, string? region, decimal actual, decimal expected,
            string severity, string status) =>
            new(G(n), t.AddDays(-daysAgo), dim, label, provider, sub, service, region, actual, expected, actual - expected,
                Math.Round((double)((actual - expected) / expected * 100), 1), severity, status);
        return
        [
            A(1, 12, "sub_account_service", "Amazon Elastic Compute Cloud in acme-prod", "AWS", "210987654321", "Amazon Elastic Compute Cloud", null, 4210.55m, 1050.12m, "critical", "open"),
            A(2, 33, "sub_account_service", "Log Analytics in Analytics", "Microsoft", "1caaa5a3-2b66-438e-8ab4-bce37d518c5d", "Log Analytics", null, 61.40m, 10.25m, "medium", "acknowledged"),
            A(3, 5, "sub_account_service", "BigQuery in acme-data", "Google Cloud", "acme-data", "BigQuery", null, 1830.00m, 228.75m, "critical", "open"),
            A(4, 61, "sub_account_service", "Amazon Simple Storage Service in acme-data", "AWS", "456789012345", "Amazon Simple Storage Service", null, 212.10m, 70.70m, "high", "resolved"),
            A(5, 3, "service", "AWS Lambda", "AWS", null, "AWS Lambda", null, 95.00m, 60.00m, "low", "open"),
            A(6, 8, "region", "us-east-1", "AWS", null, null, "us-east-1", 2890.00m, 2100.00m, "high", "open"),
            A(7, 20, "sub_account", "acme-staging", "AWS", "345678901234", null, null, 640.00m, 410.00m, "medium", "false_positive"),
            A(8, 45, "service", "Compute Engine", "Google Cloud", null, "Compute Engine", null, 1210.00m, 640.00m, "high", "resolved"),
            A(9, 2, "service", "Virtual Machines", "Microsoft", null, "Virtual Machines", null, 1500.00m, 980.00m, "high", "open"),
            A(10, 15, "sub_account_service", "Amazon DynamoDB in acme-prod", "AWS", "210987654321", "Amazon DynamoDB", null, 48.00m, 20.00m, "low", "acknowledged"),
            A(11, 27, "service", "Cloud SQL", "Google Cloud", null, "Cloud SQL", null, 150.00m, 90.00m, "medium", "open"),
            A(12, 1, "total", "total", null, null, null, null, 9100.00m, 8300.00m, "medium", "open"),
        ];
    }

    private static List<RecommendationRow> MakeRecommendations() =>
    [
        new(G(101), "idle_stop", "arn:aws:ec2:us-east-1:210987654321:instance/i-0a1b2c3d4e5f60001", "AWS", "210987654321", "us-east-1", "m5.xlarge", null, 138.24m, "open"),
        new(G(102), "idle_stop", "arn:aws:ec2:us-west-2:345678901234:instance/i-0a1b2c3d4e5f60002", "AWS", "345678901234", "us-west-2", "c6i.2xlarge", null, 244.80m, "open"),
        new(G(103), "idle_delete", "arn:aws:ec2:eu-west-1:567890123456:instance/i-0a1b2c3d4e5f60003", "AWS", "567890123456", "eu-west-1", "t3.medium", null, 30.37m, "open"),
        new(G(104), "idle_stop", "/subscriptions/e18e1552-c6dd-45d1-973c-3a4b5c6d7e8f/resourceGroups/rg-dev/providers/microsoft.compute/virtualmachines/vm-dev-04", "Microsoft", "e18e1552-c6dd-45d1-973c-3a4b5c6d7e8f", "eastus", "Standard_D4s_v3", null, 140.16m, "open"),
        new(G(105), "idle_delete", "//compute.googleapis.com/projects/acme-ml/instances/ce-dev-02", "Google Cloud", "acme-ml", "us-central1", "n2-standard-4", null, 141.84m, "open"),
        new(G(106), "rightsize", "arn:aws:ec2:us-east-1:210987654321:instance/i-0a1b2c3d4e5f60006", "AWS", "210987654321", "us-east-1", "m5.xlarge", "m5.large", 69.12m, "open"),
        new(G(107), "rightsize", "arn:aws:ec2:us-west-2:456789012345:instance/i-0a1b2c3d4e5f60007", "AWS", "456789012345", "us-west-2", "r6g.xlarge", "r6g.large", 73.58m, "open"),
        new(G(108), "rightsize", "/subscriptions/9ec51cfd-5ca7-4d76-8101-dd0a4abc5674/resourceGroups/rg-prod/providers/microsoft.compute/virtualmachines/vm-prod-07", "Microsoft", "9ec51cfd-5ca7-4d76-8101-dd0a4abc5674", "westeurope", "Standard_E4s_v5", "Standard_D2s_v3", 112.42m, "open"),
        new(G(109), "rightsize", "//compute.googleapis.com/projects/acme-prod/instances/ce-prod-03", "Google Cloud", "acme-prod", "europe-west1", "n2-highmem-8", "n2-standard-4", 198.30m, "accepted"),
        new(G(110), "unattached_storage", "arn:aws:ec2:us-east-1:210987654321:volume/vol-0f00000000000001", "AWS", "210987654321", "us-east-1", null, null, 24.00m, "open"),
        new(G(111), "unattached_storage", "//compute.googleapis.com/projects/acme-data/disks/pd-orphan-1", "Google Cloud", "acme-data", "us-central1", null, null, 17.60m, "open"),
        new(G(112), "idle_stop", "arn:aws:ec2:us-east-1:210987654321:instance/i-0a1b2c3d4e5f60012", "AWS", "210987654321", "us-east-1", "m5.large", null, 69.12m, "applied"),
        new(G(113), "rightsize", "arn:aws:ec2:eu-west-1:345678901234:instance/i-0a1b2c3d4e5f60013", "AWS", "345678901234", "eu-west-1", "c6i.2xlarge", "c6i.xlarge", 122.40m, "applied"),
        new(G(114), "rightsize", "/subscriptions/1caaa5a3-2b66-438e-8ab4-bce37d518c5d/resourceGroups/rg-prod/providers/microsoft.compute/virtualmachines/vm-an-02", "Microsoft", "1caaa5a3-2b66-438e-8ab4-bce37d518c5d", "eastus", "Standard_D4s_v3", "Standard_D2s_v3", 70.08m, "applied"),
        new(G(115), "idle_delete", "//compute.googleapis.com/projects/acme-ml/instances/ce-dev-05", "Google Cloud", "acme-ml", "us-central1", "e2-standard-2", null, 48.91m, "dismissed"),
        new(G(116), "idle_stop", "arn:aws:ec2:us-west-2:567890123456:instance/i-0a1b2c3d4e5f60016", "AWS", "567890123456", "us-west-2", "t3.medium", null, 30.37m, "applied"),
    ];

    private static List<SavingRow> MakeSavings(IReadOnlyList<RecommendationRow> recommendations)
    {
        var t = Today;
        var applied = recommendations.Where(r => r.Status == "applied").ToList();
        return
        [
            new(G(201), applied[0].Id, 1240.00m, 1172.10m, 67.90m, true, t.AddDays(-40), t.AddDays(-10)),
            new(G(202), applied[1].Id, 3410.00m, 3301.25m, 108.75m, true, t.AddDays(-35), t.AddDays(-5)),
            new(G(203), applied[2].Id, 905.00m, 850.40m, 54.60m, false, t.AddDays(-20), t.AddDays(-1)),
            new(G(204), applied[3].Id, 520.00m, 491.20m, 28.80m, true, t.AddDays(-70), t.AddDays(-40)),
        ];
    }

    /// <summary>Two total runs (the later one wins), one EC2 run and one acme-staging run, each 60 days from today.</summary>
    private static List<ForecastPoint> MakeForecasts()
    {
        var t = Today;
        var points = new List<ForecastPoint>();
        void Run(int id, DateTimeOffset generated, string? sub, string? service, decimal base_, decimal slope)
        {
            for (var d = 0; d < 60; d++)
            {
                var p = Math.Round(base_ + slope * d + (d % 7 is 5 or 6 ? -base_ * 0.12m : 0), 4);
                points.Add(new ForecastPoint(G(300 + id), t.AddDays(d), sub, service, p, Math.Round(p * 0.9m, 4), Math.Round(p * 1.1m, 4), generated));
            }
        }
        Run(1, Now.AddDays(-1), null, null, 2950m, 3.5m);
        Run(2, Now.AddDays(-8), null, null, 2500m, 1.0m);
        Run(3, Now.AddDays(-1), null, "Amazon Elastic Compute Cloud", 980m, 1.2m);
        Run(4, Now.AddDays(-1), "345678901234", null, 410m, 0.4m);
        return points;
    }

    private static async Task InsertEntitiesAsync(NpgsqlDataSource db, EvaluationData data, CancellationToken ct)
    {
        foreach (var a in data.Anomalies)
        {
            await using var cmd = db.CreateCommand("""
                insert into finops.anomalies (id, day, scope_dimension, scope_label, provider_name, sub_account_id, service_name, region_id, charge_category,
                  currency, actual, expected, lower_bound, upper_bound, score, impact_amount, impact_percent, severity, root_causes, status, detected_at, updated_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, 'Usage', 'USD', $9, $10, $10 * 0.8, $10 * 1.2, 4.2, $11, $12, $13, '[]', $14, $15, $15)
                """);
            cmd.Parameters.AddWithValue(a.Id);
            cmd.Parameters.AddWithValue(a.Day);
            cmd.Parameters.AddWithValue(a.ScopeDimension);
            cmd.Parameters.AddWithValue(a.ScopeLabel);
            cmd.Parameters.AddWithValue((object?)a.Provider ?? DBNull.Value);
            cmd.Parameters.AddWithValue((object?)a.SubAccountId ?? DBNull.Value);
            cmd.Parameters.AddWithValue((object?)a.Service ?? DBNull.Value);
            cmd.Parameters.AddWithValue((object?)a.Region ?? DBNull.Value);
            cmd.Parameters.AddWithValue(a.Actual);
            cmd.Parameters.AddWithValue(a.Expected);
            cmd.Parameters.AddWithValue(a.Impact);
            cmd.Parameters.AddWithValue(a.ImpactPercent);
            cmd.Parameters.AddWithValue(a.Severity);
            cmd.Parameters.AddWithValue(a.Status);
            cmd.Parameters.AddWithValue(Now);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        foreach (var r in data.Recommendations)
        {
            await using var cmd = db.CreateCommand("""
                insert into finops.recommendations (id, type, resource_id, provider_name, sub_account_id, region_id, current_type, proposed_type,
                  current_config, proposed_config, estimated_monthly_savings, currency, evidence, status, created_at, updated_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, '{}', '{}', $9, 'USD', '{}', $10, $11, $11)
                """);
            cmd.Parameters.AddWithValue(r.Id);
            cmd.Parameters.AddWithValue(r.Type);
            cmd.Parameters.AddWithValue(r.ResourceId);
            cmd.Parameters.AddWithValue(r.Provider);
            cmd.Parameters.AddWithValue(r.SubAccountId);
            cmd.Parameters.AddWithValue(r.Region);
            cmd.Parameters.AddWithValue((object?)r.CurrentType ?? DBNull.Value);
            cmd.Parameters.AddWithValue((object?)r.ProposedType ?? DBNull.Value);
            cmd.Parameters.AddWithValue(r.Savings);
            cmd.Parameters.AddWithValue(r.Status);
            cmd.Parameters.AddWithValue(Now.AddDays(-3));
            await cmd.ExecuteNonQueryAsync(ct);
        }
        foreach (var s in data.Savings)
        {
            await using var cmd = db.CreateCommand("""
                insert into finops.savings (id, recommendation_id, baseline_start, baseline_end, baseline_cost, post_start, post_end, post_cost,
                  realized_monthly_savings, currency, validated, method, details, computed_at)
                values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'USD', $10, 'before_after', '{}', $11)
                """);
            cmd.Parameters.AddWithValue(s.Id);
            cmd.Parameters.AddWithValue(s.RecommendationId);
            cmd.Parameters.AddWithValue(s.PostStart.AddDays(-30));
            cmd.Parameters.AddWithValue(s.PostStart.AddDays(-1));
            cmd.Parameters.AddWithValue(s.BaselineCost);
            cmd.Parameters.AddWithValue(s.PostStart);
            cmd.Parameters.AddWithValue(s.PostEnd);
            cmd.Parameters.AddWithValue(s.PostCost);
            cmd.Parameters.AddWithValue(s.Realized);
            cmd.Parameters.AddWithValue(s.Validated);
            cmd.Parameters.AddWithValue(Now);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        foreach (var run in data.Forecasts.GroupBy(f => f.RunId))
        {
            var first = run.First();
            await using (var cmd = db.CreateCommand("""
                insert into finops.forecast_runs (id, sub_account_id, service_name, model, backtest_errors, history_days, horizon_days, currency, generated_at)
                values ($1, $2, $3, 'theta', '{}', 120, 60, 'USD', $4)
                """))
            {
                cmd.Parameters.AddWithValue(run.Key);
                cmd.Parameters.AddWithValue((object?)first.SubAccountId ?? DBNull.Value);
                cmd.Parameters.AddWithValue((object?)first.Service ?? DBNull.Value);
                cmd.Parameters.AddWithValue(first.GeneratedAt);
                await cmd.ExecuteNonQueryAsync(ct);
            }
            foreach (var p in run)
            {
                await using var cmd = db.CreateCommand("""
                    insert into finops.forecasts (run_id, day, sub_account_id, service_name, predicted, lower_80, upper_80, lower_95, upper_95, model, generated_at)
                    values ($1, $2, $3, $4, $5, $6, $7, $6 * 0.95, $7 * 1.05, 'theta', $8)
                    """);
                cmd.Parameters.AddWithValue(p.RunId);
                cmd.Parameters.AddWithValue(p.Day);
                cmd.Parameters.AddWithValue((object?)p.SubAccountId ?? DBNull.Value);
                cmd.Parameters.AddWithValue((object?)p.Service ?? DBNull.Value);
                cmd.Parameters.AddWithValue(p.Predicted);
                cmd.Parameters.AddWithValue(p.Lower80);
                cmd.Parameters.AddWithValue(p.Upper80);
                cmd.Parameters.AddWithValue(p.GeneratedAt);
                await cmd.ExecuteNonQueryAsync(ct);
            }
        }
    }

    // ------------------------------------------------------------------ CSV, read independently

    private static IEnumerable<BillRow> ReadBills(string path)
    {
        using var reader = new StreamReader(path, Encoding.UTF8);
        var header = SplitCsv(reader.ReadLine()!);
        int I(string name) => Array.IndexOf(header, name);
        var (day, provider, subId, subName, service, category, region, charge, currency, billed, effective, list, resource, resourceName, quantity, unit, instance, tags) =
            (I("ChargePeriodStart"), I("ProviderName"), I("SubAccountId"), I("SubAccountName"), I("ServiceName"), I("ServiceCategory"), I("RegionId"),
             I("ChargeCategory"), I("BillingCurrency"), I("BilledCost"), I("EffectiveCost"), I("ListCost"), I("ResourceId"), I("ResourceName"),
             I("ConsumedQuantity"), I("ConsumedUnit"), I("x_InstanceType"), I("Tags"));
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            var f = SplitCsv(line);
            decimal? Opt(int i) => f[i].Length == 0 ? null : decimal.Parse(f[i], NumberStyles.Float, CultureInfo.InvariantCulture);
            var tagMap = f[tags].Length == 0
                ? new Dictionary<string, string>()
                : JsonSerializer.Deserialize<Dictionary<string, string>>(f[tags])!;
            string? N(int i) => f[i].Length == 0 ? null : f[i];
            yield return new BillRow(DateOnly.ParseExact(f[day][..10], "yyyy-MM-dd", CultureInfo.InvariantCulture), f[provider], f[subId], f[subName],
                f[service], N(category), N(region), f[charge], f[currency], Opt(billed) ?? 0, Opt(effective) ?? 0, Opt(list), N(resource), N(resourceName),
                Opt(quantity), N(unit), N(instance), tagMap);
        }
    }

    private static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var sb = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    sb.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    sb.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(sb.ToString());
                sb.Clear();
            }
            else
            {
                sb.Append(c);
            }
        }
        fields.Add(sb.ToString());
        return fields.ToArray();
    }
}
