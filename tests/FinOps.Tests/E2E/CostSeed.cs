using System.Globalization;
using System.Net.Http.Json;
using Npgsql;
using NpgsqlTypes;

namespace FinOps.Tests.E2E;

/// <summary>One seeded day of one service: what the daily rollup holds and what the UI must add up.</summary>
public sealed record SeededCost(DateOnly Day, string Service, string ServiceCategory, string Region, decimal EffectiveCost);

/// <summary>
/// The data every browser test sees: one AWS account created through the API, and daily costs of three services
/// from the first day of last month up to "today" on the API's clock. The costs go straight into the
/// <c>daily_costs</c> rollup because main has no ingestion endpoint yet; every view the UI shows reads that rollup.
/// Amounts have odd cents so a total that is off by a row, a day or a rounding shows.
/// </summary>
public sealed class CostSeed
{
    public const string ProviderName = "AWS";
    public const string BillingAccountId = "999988887777";
    public const string SubAccountId = "123456789012";
    public const string AccountName = "Production";
    public const string Compute = "Amazon Elastic Compute Cloud";
    public const string Storage = "Amazon Simple Storage Service";
    public const string Functions = "AWS Lambda";
    public const string Currency = "USD";

    public CostSeed(DateOnly today)
    {
        Today = today;
        MonthStart = new DateOnly(today.Year, today.Month, 1);
        var first = MonthStart.AddMonths(-1);
        var rows = new List<SeededCost>();
        for (var (day, i) = (first, 0); day <= today; day = day.AddDays(1), i++)
        {
            rows.Add(new(day, Compute, "Compute", "us-east-1", 412.37m + i % 7 * 3.11m));
            rows.Add(new(day, Storage, "Storage", "us-east-1", 57.83m + i % 3 * 0.47m));
            rows.Add(new(day, Functions, "Compute", "eu-west-1", 12.09m + i * 0.13m));
        }
        Rows = rows;
    }

    public DateOnly Today { get; }

    public DateOnly MonthStart { get; }

    public IReadOnlyList<SeededCost> Rows { get; }

    public decimal Total(DateOnly from, DateOnly to, Func<SeededCost, bool>? where = null) =>
        Rows.Where(r => r.Day >= from && r.Day <= to && (where?.Invoke(r) ?? true)).Sum(r => r.EffectiveCost);

    public decimal MonthToDate(Func<SeededCost, bool>? where = null) => Total(MonthStart, Today, where);

    /// <summary>How the UI writes an amount in dollars for the en-US locale the browser runs in: <c>$12,345.67</c>.</summary>
    public static string Usd(decimal amount) => "$" + amount.ToString("N2", CultureInfo.InvariantCulture);

    /// <summary>Creates the account through the API, as an admin would.</summary>
    public static async Task CreateAccountAsync(HttpClient admin, CancellationToken ct)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/accounts", new
        {
            provider = "aws", billingAccountId = BillingAccountId, subAccountId = SubAccountId, name = AccountName,
            owner = "platform", team = "core", monthlyBudget = 15000m, currency = Currency,
        }, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Creating the account failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
        }
    }

    /// <summary>Writes the rollup rows the ingestion would have written: one ingestion per billing month.</summary>
    public async Task InsertCostsAsync(string connectionString, CancellationToken ct)
    {
        var ingestions = Rows.Select(r => new DateOnly(r.Day.Year, r.Day.Month, 1)).Distinct().ToDictionary(m => m, _ => Guid.CreateVersion7());
        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(ct);
        await using var copy = await conn.BeginBinaryImportAsync(
            """
            copy finops.daily_costs (day, billing_period_start, ingestion_id, provider_name, billing_account_id, sub_account_id,
              sub_account_name, service_name, service_category, region_id, charge_category, billing_currency,
              billed_cost, effective_cost, list_cost, line_count) from stdin (format binary)
            """, ct);
        foreach (var row in Rows)
        {
            var period = new DateOnly(row.Day.Year, row.Day.Month, 1);
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(row.Day, NpgsqlDbType.Date, ct);
            await copy.WriteAsync(period, NpgsqlDbType.Date, ct);
            await copy.WriteAsync(ingestions[period], NpgsqlDbType.Uuid, ct);
            await copy.WriteAsync(ProviderName, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(BillingAccountId, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(SubAccountId, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(AccountName, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(row.Service, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(row.ServiceCategory, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(row.Region, NpgsqlDbType.Text, ct);
            await copy.WriteAsync("Usage", NpgsqlDbType.Text, ct);
            await copy.WriteAsync(Currency, NpgsqlDbType.Text, ct);
            await copy.WriteAsync(row.EffectiveCost, NpgsqlDbType.Numeric, ct);
            await copy.WriteAsync(row.EffectiveCost, NpgsqlDbType.Numeric, ct);
            await copy.WriteAsync(Math.Round(row.EffectiveCost * 1.25m, 2), NpgsqlDbType.Numeric, ct);
            await copy.WriteAsync(24L, NpgsqlDbType.Bigint, ct);
        }
        await copy.CompleteAsync(ct);
    }
}
