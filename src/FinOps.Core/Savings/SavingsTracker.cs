using System.Text.Json;
using FinOps.Core.Auditing;
using FinOps.Core.Data;
using FinOps.Core.Recommendations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FinOps.Core.Savings;

/// <summary>
/// Proves the savings of applied recommendations from the bills: for each, the resource's cost rate in the
/// whole days before the day of the change against the whole days after it (from the next day, as far as the
/// bills go). A saving is validated — and its recommendation with it — once the post window is complete.
/// </summary>
public sealed class SavingsTracker(
    FinOpsDbContext db, NpgsqlDataSource dataSource, AuditTrail audit, TimeProvider time, IOptions<SavingsOptions> options, ILogger<SavingsTracker> logger)
{
    public const string Actor = "job:savings-tracker";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record RunResult(int Applied, int Measured, int Validated, int Pending, int Expired, decimal RealizedMonthly)
    {
        public string Summary =>
            $"{Applied} applied recommendation(s): {Measured} measured ({Validated} validated), {Pending} waiting for bills after the change, "
            + $"{Expired} expired without bills; realized {RealizedMonthly:0.00}/month";
    }

    public async Task<RunResult> RunAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var applied = await db.Recommendations
            .Where(r => (r.Status == RecommendationStatus.Applied || r.Status == RecommendationStatus.Validated) && r.AppliedAt != null)
            .ToListAsync(ct);
        var existing = (await db.Savings.Where(s => applied.Select(r => r.Id).Contains(s.RecommendationId)).ToListAsync(ct))
            .ToDictionary(s => s.RecommendationId);
        int measured = 0, validated = 0, pending = 0, expired = 0;
        decimal realizedTotal = 0;
        foreach (var rec in applied)
        {
            var changeDay = DateOnly.FromDateTime(rec.AppliedAt!.Value.UtcDateTime);
            var lastBilled = await LastBilledDayAsync(rec, ct);
            // Only whole days that are over and billed count.
            var lastUsable = lastBilled is { } lb ? Min(lb, today.AddDays(-1)) : today.AddDays(-1);
            var postStart = changeDay.AddDays(1);
            var postEnd = Min(changeDay.AddDays(o.PostDays), lastUsable);
            if (lastBilled is null || postEnd < postStart)
            {
                if (rec.Status == RecommendationStatus.Applied && today > changeDay.AddDays(o.PostDays + o.GraceDays))
                {
                    rec.Status = RecommendationStatus.Expired;
                    rec.StatusReason = $"no bills after the change within {o.PostDays + o.GraceDays} days: savings could not be proven";
                    rec.ExpiresAt = now;
                    rec.UpdatedAt = now;
                    audit.Record(Actor, "recommendation.expire", "recommendation", rec.Id.ToString(), new { rec.ResourceId, reason = rec.StatusReason });
                    expired++;
                }
                else
                {
                    pending++;
                }
                continue;
            }
            var baseline = await WindowAsync(rec.ResourceId, changeDay.AddDays(-o.BaselineDays), changeDay.AddDays(-1), ct);
            var post = await WindowAsync(rec.ResourceId, postStart, postEnd, ct);
            var m = SavingsCalculator.Measure(rec.Type, baseline, post, rec.EstimatedMonthlySavings);
            var complete = post.Days >= o.PostDays && baseline.EffectiveCost > 0;
            if (!existing.TryGetValue(rec.Id, out var saving))
            {
                saving = new Saving { Id = Guid.CreateVersion7(now), RecommendationId = rec.Id, Method = m.Method };
                db.Savings.Add(saving);
            }
            saving.BaselineStart = baseline.Start;
            saving.BaselineEnd = baseline.End;
            saving.BaselineCost = baseline.EffectiveCost;
            saving.PostStart = post.Start;
            saving.PostEnd = post.End;
            saving.PostCost = post.EffectiveCost;
            saving.RealizedMonthlySavings = m.RealizedMonthly;
            saving.Currency = rec.Currency;
            saving.Method = m.Method;
            saving.ComputedAt = now;
            saving.Details = JsonSerializer.Serialize(new
            {
                baselineHours = baseline.BilledHours,
                postHours = post.BilledHours,
                baselineDays = baseline.Days,
                postDays = post.Days,
                postDaysRequired = o.PostDays,
                baselineRate = m.BaselineRate,
                postRate = m.PostRate,
                estimatedMonthly = rec.EstimatedMonthlySavings,
                realizedVsEstimated = m.RealizedVsEstimated,
                note = m.Note,
            }, Json);
            measured++;
            realizedTotal += m.RealizedMonthly;
            if (complete && !saving.Validated)
            {
                saving.Validated = true;
                rec.Status = RecommendationStatus.Validated;
                rec.UpdatedAt = now;
                audit.Record(Actor, "recommendation.validate", "recommendation", rec.Id.ToString(),
                    new { rec.ResourceId, realizedMonthly = m.RealizedMonthly, estimatedMonthly = rec.EstimatedMonthlySavings, m.Method });
            }
            if (saving.Validated)
            {
                validated++;
            }
        }
        await db.SaveChangesAsync(ct);
        var result = new RunResult(applied.Count, measured, validated, pending, expired, realizedTotal);
        logger.LogInformation("Savings tracker: {Summary}", result.Summary);
        return result;
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    /// <summary>The last day the bills of the resource's provider (and account) reach.</summary>
    private async Task<DateOnly?> LastBilledDayAsync(Recommendation rec, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            select max(charge_period_end) from finops.billing_line_items
            where ($1::text is null or sub_account_id = $1) and charge_period_start >= $2
            """);
        cmd.Parameters.AddWithValue(NpgsqlTypes.NpgsqlDbType.Text, (object?)rec.SubAccountId ?? DBNull.Value);
        cmd.Parameters.AddWithValue(rec.AppliedAt!.Value.AddDays(-1));
        var value = await cmd.ExecuteScalarAsync(ct);
        // A day is billed when the bills reach its end.
        return value is DateTime end ? DateOnly.FromDateTime(end.AddTicks(-1)) : value is DateTimeOffset e ? DateOnly.FromDateTime(e.UtcDateTime.AddTicks(-1)) : null;
    }

    private async Task<WindowCost> WindowAsync(string resourceId, DateOnly start, DateOnly end, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            select coalesce(sum(effective_cost), 0), coalesce(sum(case when {RightsizingData.IsCompute} then {RightsizingData.HourQuantity} else 0 end), 0)
            from finops.billing_line_items
            where resource_id = $1 and charge_period_start >= $2 and charge_period_start < $3
            """);
        cmd.Parameters.AddWithValue(resourceId);
        cmd.Parameters.AddWithValue(new DateTimeOffset(start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        cmd.Parameters.AddWithValue(new DateTimeOffset(end.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        await reader.ReadAsync(ct);
        return new WindowCost(start, end, reader.GetDecimal(0), reader.GetDecimal(1));
    }
}
