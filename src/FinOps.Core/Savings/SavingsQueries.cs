using FinOps.Core.Recommendations;
using Npgsql;

namespace FinOps.Core.Savings;

/// <summary>Totals for the Savings page and the Overview: realized this month and to date, against the estimates.</summary>
public sealed class SavingsQueries(NpgsqlDataSource dataSource, TimeProvider time)
{
    public sealed record SavingsSummary(
        decimal RealizedThisMonth, decimal RealizedToDate, decimal RealizedMonthly, decimal EstimatedMonthlyOfMeasured,
        decimal? RealizedVsEstimated, int Measured, int Validated, int AppliedPending, int OpenCount, decimal OpenMonthlySavings,
        int AcceptedCount, decimal AcceptedMonthlySavings, string Currency, DateOnly MonthStart, DateOnly AsOf);

    /// <summary>
    /// Realized to date accrues each saving's monthly figure per whole day after the change (monthly ÷ 730 × 24 a
    /// day) up to yesterday; "this month" is the part of it in the current calendar month.
    /// </summary>
    public async Task<SavingsSummary> SummaryAsync(CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var yesterday = today.AddDays(-1);
        await using var cmd = dataSource.CreateCommand("""
            with s as (
              select s.realized_monthly_savings as monthly, s.validated, s.post_start, r.estimated_monthly_savings as estimated, s.currency
              from finops.savings s join finops.recommendations r on r.id = s.recommendation_id
              where r.status in ('applied', 'validated')
            )
            select
              coalesce(sum(monthly / 730 * 24 * greatest(0, $2::date - greatest(post_start, $1::date) + 1)), 0),
              coalesce(sum(monthly / 730 * 24 * greatest(0, $2::date - post_start + 1)), 0),
              coalesce(sum(monthly), 0), coalesce(sum(estimated), 0), count(*)::int, count(*) filter (where validated)::int, max(currency),
              (select count(*)::int from finops.recommendations r where r.status = 'applied' and not exists (select 1 from finops.savings x where x.recommendation_id = r.id)),
              (select count(*)::int from finops.recommendations where status = 'open'),
              (select coalesce(sum(estimated_monthly_savings), 0) from finops.recommendations where status = 'open'),
              (select count(*)::int from finops.recommendations where status = 'accepted'),
              (select coalesce(sum(estimated_monthly_savings), 0) from finops.recommendations where status = 'accepted')
            from s
            """);
        cmd.Parameters.AddWithValue(monthStart);
        cmd.Parameters.AddWithValue(yesterday);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        var realizedMonthly = reader.GetDecimal(2);
        var estimated = reader.GetDecimal(3);
        return new SavingsSummary(
            Math.Round(reader.GetDecimal(0), 2), Math.Round(reader.GetDecimal(1), 2), realizedMonthly, estimated,
            estimated > 0 ? Math.Round(realizedMonthly / estimated, 4) : null, reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(7),
            reader.GetInt32(8), reader.GetDecimal(9), reader.GetInt32(10), reader.GetDecimal(11),
            reader.IsDBNull(6) ? "USD" : reader.GetString(6), monthStart, today);
    }
}
