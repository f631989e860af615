using FinOps.Core.Recommendations;
using FinOps.Core.Savings;
using FinOps.Tests.Infrastructure;
using FinOps.Tests.Integration.Rightsizing;
using Microsoft.Extensions.DependencyInjection;

namespace FinOps.Tests.Integration.Savings;

/// <summary>A generated before/after scenario whose realized savings are known to the cent.</summary>
public sealed class SavingsTrackerTests(PostgresServer server)
{
    private static readonly DateTimeOffset Applied = new(2026, 11, 10, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Realized_savings_come_from_the_bills_to_the_cent_and_validate_when_the_post_window_is_complete()
    {
        await using var host = await RightsizingHost.CreateAsync(server, "savings", Applied.AddDays(-1));
        using var files = new FleetFiles();
        var first = new DateTimeOffset(2026, 10, 27, 0, 0, 0, TimeSpan.Zero);
        for (var t = first; t < new DateTimeOffset(2026, 11, 25, 0, 0, 0, TimeSpan.Zero); t = t.AddHours(1))
        {
            var after = t >= Applied;
            // Before: m5.xlarge all day. After: m5.large, and it runs only 20 hours a day — fewer hours are not a saving of the resize.
            if (!after || t.Hour < 20)
            {
                files.InstanceHour("i-resized", "AWS", "111", "us-east-1", "us-east-1a", after ? "m5.large" : "m5.xlarge", t, after ? 0.096m : 0.192m);
            }
            // A volume billed hourly until it is deleted.
            if (!after)
            {
                files.Line("AWS", "111", "us-east-1", "us-east-1a", "vol-old", null, "Amazon EC2", t, t.AddHours(1), 0.0111m, "GB-Mo", 0.0111m, null, "EBS:VolumeUsage.gp3", null);
            }
            // Something else keeps the account's bills going after the deletion.
            files.Line("AWS", "111", "us-east-1", "us-east-1a", "bucket-logs", null, "Amazon S3", t, t.AddHours(1), 0.01m, "GB-Mo", 0.01m, null, "TimedStorage-ByteHrs", null);
        }
        await host.IngestAsync(files.WriteBill());

        var resize = await CreateAppliedAsync(host, "i-resized", RecommendationTypes.Rightsize, "m5.xlarge", "m5.large", 70.08m);
        var delete = await CreateAppliedAsync(host, "vol-old", RecommendationTypes.UnattachedStorage, "volume", null, 8.10m);

        // A week after the change: measured on 7 whole days, not validated yet.
        host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 18, 8, 0, 0, TimeSpan.Zero));
        var partial = await host.InScopeAsync(sp => sp.GetRequiredService<SavingsTracker>().RunAsync(TestContext.Current.CancellationToken));
        Assert.Equal((2, 0), (partial.Measured, partial.Validated));
        var row = (await host.RowsAsync("select post_start, post_end, realized_monthly_savings, validated from finops.savings s join finops.recommendations r on r.id = s.recommendation_id where r.resource_id = 'i-resized'"))[0];
        Assert.Equal((new DateOnly(2026, 11, 11), new DateOnly(2026, 11, 17), 70.08m, false), ((DateOnly)row[0]!, (DateOnly)row[1]!, (decimal)row[2]!, (bool)row[3]!));

        // Two weeks after: the post window (11-11 … 11-24) is complete.
        host.Time.SetUtcNow(new DateTimeOffset(2026, 11, 25, 8, 0, 0, TimeSpan.Zero));
        var done = await host.InScopeAsync(sp => sp.GetRequiredService<SavingsTracker>().RunAsync(TestContext.Current.CancellationToken));
        Assert.Equal((2, 2), (done.Measured, done.Validated));
        var savings = (await host.RowsAsync("""
            select r.resource_id, s.baseline_start, s.baseline_end, s.baseline_cost, s.post_cost, s.realized_monthly_savings, s.method, s.validated, r.status,
                   (s.details->>'baselineHours')::numeric, (s.details->>'postHours')::numeric
            from finops.savings s join finops.recommendations r on r.id = s.recommendation_id order by r.resource_id
            """)).ToDictionary(r => (string)r[0]!);
        var resized = savings["i-resized"];
        Assert.Equal((new DateOnly(2026, 10, 27), new DateOnly(2026, 11, 9)), ((DateOnly)resized[1]!, (DateOnly)resized[2]!));
        Assert.Equal(0.192m * 336, (decimal)resized[3]!);
        Assert.Equal(0.096m * 20 * 14, (decimal)resized[4]!);
        Assert.Equal((336m, 280m), ((decimal)resized[9]!, (decimal)resized[10]!));
        // (0.192 − 0.096) $/billed hour × 730 h
        Assert.Equal((70.08m, "billed-hour-rate", true, "validated"), ((decimal)resized[5]!, (string)resized[6]!, (bool)resized[7]!, (string)resized[8]!));
        var volume = savings["vol-old"];
        // 0.0111 $/h before, nothing after, per calendar hour × 730 h = 8.103 → 8.10
        Assert.Equal((8.10m, "calendar-hour-rate", true), ((decimal)volume[5]!, (string)volume[6]!, (bool)volume[7]!));

        var summary = await host.InScopeAsync(sp => sp.GetRequiredService<SavingsQueries>().SummaryAsync(TestContext.Current.CancellationToken));
        Assert.Equal(78.18m, summary.RealizedMonthly);
        Assert.Equal(78.18m, summary.EstimatedMonthlyOfMeasured);
        // 14 whole days of November after the change (11-11 … 11-24), each worth monthly ÷ 730 × 24.
        Assert.Equal(Math.Round(78.18m / 730m * 24m * 14m, 2), summary.RealizedThisMonth);
        Assert.Equal(2, summary.Validated);
        Assert.Equal(2L, await host.ScalarAsync<long>("select count(*) from finops.audit_log where action = 'recommendation.validate'"));
        _ = (resize, delete);
    }

    [Fact]
    public async Task Applied_recommendation_without_bills_after_the_change_expires_after_the_grace_period()
    {
        await using var host = await RightsizingHost.CreateAsync(server, "savingsgrace", Applied.AddDays(-1));
        await CreateAppliedAsync(host, "i-gone", RecommendationTypes.IdleStop, "m5.large", null, 70m);
        host.Time.SetUtcNow(Applied.AddDays(20));
        var early = await host.InScopeAsync(sp => sp.GetRequiredService<SavingsTracker>().RunAsync(TestContext.Current.CancellationToken));
        Assert.Equal((1, 0), (early.Pending, early.Expired));
        host.Time.SetUtcNow(Applied.AddDays(46));
        var late = await host.InScopeAsync(sp => sp.GetRequiredService<SavingsTracker>().RunAsync(TestContext.Current.CancellationToken));
        Assert.Equal(1, late.Expired);
        Assert.Equal("expired", await host.ScalarAsync<string>("select status from finops.recommendations"));
    }

    /// <summary>An open recommendation as the rightsizing run would store it, then applied through the lifecycle at <see cref="Applied"/>.</summary>
    private static async Task<Guid> CreateAppliedAsync(RightsizingHost host, string resourceId, string type, string current, string? proposed, decimal estimate)
    {
        var id = await host.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<FinOps.Core.Data.FinOpsDbContext>();
            var rec = new Recommendation
            {
                Id = Guid.NewGuid(), Type = type, ResourceId = resourceId, ProviderName = "aws", SubAccountId = "111", RegionId = "us-east-1",
                CurrentType = current, ProposedType = proposed, EstimatedMonthlySavings = estimate, CreatedAt = host.Time.GetUtcNow(), UpdatedAt = host.Time.GetUtcNow(),
            };
            db.Recommendations.Add(rec);
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
            return rec.Id;
        });
        var saved = host.Time.GetUtcNow();
        host.Time.SetUtcNow(Applied.AddMinutes(5));
        await host.InScopeAsync(sp => sp.GetRequiredService<RecommendationLifecycle>().ApplyAsync(id, Applied, "resized by hand", "tester", TestContext.Current.CancellationToken));
        host.Time.SetUtcNow(saved > Applied.AddMinutes(5) ? saved : Applied.AddMinutes(5));
        return id;
    }
}
