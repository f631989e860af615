using FinOps.Core.Billing;
using Npgsql;
using NpgsqlTypes;

namespace FinOps.Tests.Integration.Anomalies;

/// <summary>One line of a generated bill.</summary>
public sealed record BillLine(
    DateOnly Day, string Account, string Service, string Region, string Resource, string UsageType, string Category, decimal Amount, string? Team = null);

/// <summary>
/// A small but realistic AWS-like bill for the anomaly tests: two accounts, EC2/S3/RDS in two regions, two resources each,
/// cheaper weekends, 2% noise, tax lines and a support fee on the first of every month. Loaded as line items (in their
/// monthly partitions) and as the daily rollup summed from them, as ingestion would.
/// </summary>
public static class AnomalyBill
{
    public const string Prod = "111111111111";
    public const string Dev = "222222222222";

    public static List<BillLine> Generate(DateOnly end, int days = 150, int seed = 1)
    {
        var rng = new Random(seed);
        var lines = new List<BillLine>();
        var services = new (string Service, string Region, decimal Base, double Weekend, string UsageType)[]
        {
            ("AmazonEC2", "us-east-1", 400, 0.6, "BoxUsage:m5.xlarge"),
            ("AmazonS3", "us-east-1", 50, 1.0, "TimedStorage-ByteHrs"),
            ("AmazonRDS", "eu-west-1", 150, 0.8, "InstanceUsage:db.r6g.large"),
        };
        for (var day = end.AddDays(1 - days); day <= end; day = day.AddDays(1))
        {
            var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
            foreach (var (account, scale) in new[] { (Prod, 1.0m), (Dev, 0.6m) })
            {
                foreach (var s in services)
                {
                    for (var r = 1; r <= 2; r++)
                    {
                        var amount = s.Base * scale * (decimal)((weekend ? s.Weekend : 1.0) * (1 + 0.04 * (rng.NextDouble() - 0.5)));
                        var team = account == Prod && s.Service != "AmazonS3" ? "payments" : "data";
                        lines.Add(new BillLine(day, account, s.Service, s.Region, $"{s.Service.ToLowerInvariant()}-{account[..3]}-{r}", s.UsageType, "Usage",
                            Math.Round(amount, 4), team));
                        if (s.Service == "AmazonEC2")
                        {
                            lines.Add(new BillLine(day, account, s.Service, s.Region, "", "Tax", "Tax", Math.Round(amount * 0.08m, 4)));
                        }
                    }
                }
            }
            if (day.Day == 1)
            {
                lines.Add(new BillLine(day, Prod, "AWS Support (Business)", "global", "support", "Support", "Usage", 900));
            }
        }
        return lines;
    }

    /// <summary>Loads line items (creating the months' partitions) and rebuilds the daily rollup from every line item.</summary>
    public static async Task LoadAsync(string connectionString, IReadOnlyList<BillLine> lines, CancellationToken ct)
    {
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await BillingPartitions.EnsureAsync(conn, lines.Min(l => l.Day), lines.Max(l => l.Day), ct);
        var ingestion = Guid.NewGuid();
        await using (var copy = await conn.BeginBinaryImportAsync(
            "copy finops.billing_line_items (ingestion_id, provider_name, sub_account_id, service_name, region_id, resource_id, x_usage_type, " +
            "billed_cost, effective_cost, list_cost, billing_currency, charge_period_start, charge_period_end, billing_period_start, " +
            "billing_period_end, charge_category, tags) from stdin (format binary)", ct))
        {
            foreach (var l in lines)
            {
                var start = new DateTimeOffset(l.Day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
                var month = new DateTimeOffset(new DateTime(l.Day.Year, l.Day.Month, 1), TimeSpan.Zero);
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(ingestion, NpgsqlDbType.Uuid, ct);
                await copy.WriteAsync("AWS", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(l.Account, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(l.Service, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(l.Region, NpgsqlDbType.Text, ct);
                if (l.Resource.Length == 0)
                {
                    await copy.WriteNullAsync(ct);
                }
                else
                {
                    await copy.WriteAsync(l.Resource, NpgsqlDbType.Text, ct);
                }
                await copy.WriteAsync(l.UsageType, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(l.Amount, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(l.Amount, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(l.Amount, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync("USD", NpgsqlDbType.Text, ct);
                await copy.WriteAsync(start, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(start.AddDays(1), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(month, NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(month.AddMonths(1), NpgsqlDbType.TimestampTz, ct);
                await copy.WriteAsync(l.Category, NpgsqlDbType.Text, ct);
                if (l.Team is null)
                {
                    await copy.WriteNullAsync(ct);
                }
                else
                {
                    await copy.WriteAsync($"{{\"team\": \"{l.Team}\"}}", NpgsqlDbType.Jsonb, ct);
                }
            }
            await copy.CompleteAsync(ct);
        }
        await using var rollup = new NpgsqlCommand("""
            delete from finops.daily_costs;
            insert into finops.daily_costs (day, billing_period_start, ingestion_id, provider_name, sub_account_id, service_name, region_id,
                                            charge_category, billing_currency, billed_cost, effective_cost, list_cost, line_count)
            select (charge_period_start at time zone 'UTC')::date, (billing_period_start at time zone 'UTC')::date, ingestion_id, provider_name,
                   sub_account_id, service_name, region_id, charge_category, billing_currency, sum(billed_cost), sum(effective_cost),
                   sum(coalesce(list_cost, billed_cost)), count(*)
            from finops.billing_line_items
            group by 1, 2, 3, 4, 5, 6, 7, 8, 9
            """, conn);
        await rollup.ExecuteNonQueryAsync(ct);
    }
}
