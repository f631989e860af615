using FinOps.Core.Anomalies;
using FinOps.Core.Billing;
using Npgsql;

namespace FinOps.Core.Observability;

/// <summary>
/// The aggregates behind <see cref="BusinessMetrics"/>. Each reads a rollup or an indexed column
/// (<c>daily_costs.day</c>, <c>anomalies.status</c>), so a refresh stays in milliseconds whatever
/// the size of the bills.
/// </summary>
public sealed class BusinessQueries(NpgsqlDataSource dataSource)
{
    /// <summary>Severities always reported, at zero when none is open, so alert rules see a series.</summary>
    public static readonly string[] Severities = ["low", "medium", "high", "critical"];

    public const string UnknownProvider = "(none)";

    public async Task<BusinessSnapshot> ReadAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);

        DateOnly? latestDay = null;
        var daily = new List<ProviderCost>();
        var monthToDate = new List<ProviderCost>();
        // The latest billed day sets "today" for costs: exports lag real time by hours to days.
        // Providers seen in the last 35 days are reported, at zero when they have no cost that day.
        const string costSql = """
            with latest as (select max(day) as day from finops.daily_costs)
            select latest.day, coalesce(c.provider_name, $1), c.billing_currency,
                   coalesce(sum(c.effective_cost) filter (where c.day = latest.day), 0),
                   coalesce(sum(c.effective_cost) filter (where c.day >= date_trunc('month', latest.day)::date), 0)
            from latest join finops.daily_costs c on c.day > latest.day - 35 and c.day <= latest.day
            group by 1, 2, 3
            order by 2, 3
            """;
        await using (var cmd = new NpgsqlCommand(costSql, connection))
        {
            cmd.Parameters.AddWithValue(UnknownProvider);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                latestDay = reader.GetFieldValue<DateOnly>(0);
                var (provider, currency) = (reader.GetString(1), reader.GetString(2));
                daily.Add(new ProviderCost(provider, currency, reader.GetDecimal(3)));
                monthToDate.Add(new ProviderCost(provider, currency, reader.GetDecimal(4)));
            }
        }

        var open = Severities.ToDictionary(s => s, _ => 0L);
        await using (var cmd = new NpgsqlCommand("select severity, count(*) from finops.anomalies where status = $1 group by 1", connection))
        {
            cmd.Parameters.AddWithValue(AnomalyStatus.Open);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                open[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var savings = new List<CurrencyAmount>();
        await using (var cmd = new NpgsqlCommand(
            "select currency, sum(realized_monthly_savings) from finops.savings where validated group by 1 order by 1", connection))
        await using (var reader = await cmd.ExecuteReaderAsync(ct))
        {
            while (await reader.ReadAsync(ct))
            {
                savings.Add(new CurrencyAmount(reader.GetString(0), reader.GetDecimal(1)));
            }
        }

        // A superseded ingestion succeeded too; a later one replaced its rows.
        DateTimeOffset? latestIngestion;
        await using (var cmd = new NpgsqlCommand("select max(finished_at) from finops.ingestions where status = any($1)", connection))
        {
            cmd.Parameters.AddWithValue(new[] { IngestionStatus.Succeeded, IngestionStatus.Superseded });
            latestIngestion = await cmd.ExecuteScalarAsync(ct) is DateTime finished
                ? new DateTimeOffset(DateTime.SpecifyKind(finished, DateTimeKind.Utc))
                : null;
        }

        return new BusinessSnapshot(now, latestDay, daily, monthToDate,
            open.OrderBy(kv => Array.IndexOf(Severities, kv.Key)).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => new SeverityCount(kv.Key, kv.Value)).ToList(),
            savings, latestIngestion);
    }
}
