using System.Text.Json;
using FinOps.Core.Anomalies;
using FinOps.Core.Data;
using FinOps.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

namespace FinOps.Tests.Integration.Anomalies;

/// <summary>The detection run against a real database: what is reported, linked, explained, kept across reruns and sent.</summary>
public sealed class AnomalyDetectionTests(PostgresServer server) : IAsyncLifetime
{
    private static readonly DateOnly End = new(2025, 6, 20); // a Friday
    private static readonly DateOnly SpikeDay = new(2025, 6, 18); // a Wednesday
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2025, 6, 21, 7, 0, 0, TimeSpan.Zero));
    private readonly RecordingLoggerProvider logs = new();
    private IHost host = null!;
    private string connectionString = "";

    public async ValueTask InitializeAsync()
    {
        connectionString = await server.CreateDatabaseAsync(nameof(AnomalyDetectionTests));
        host = BuildHost();
    }

    private IHost BuildHost(params (string Key, string Value)[] settings)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:finops"] = connectionString;
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Debug);
        builder.AddServiceDefaults();
        builder.AddFinOpsData();
        builder.AddAnomalies();
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        return builder.Build();
    }

    public async ValueTask DisposeAsync()
    {
        host.Dispose();
        await Task.CompletedTask;
    }

    private static List<BillLine> BillWithSpike()
    {
        var lines = AnomalyBill.Generate(End);
        // A GPU instance left running in production for one day: +2,500 $ on EC2 in us-east-1.
        lines.Add(new BillLine(SpikeDay, AnomalyBill.Prod, "AmazonEC2", "us-east-1", "i-0gpu-forgotten", "BoxUsage:p4d.24xlarge", "Usage", 2500, "payments"));
        return lines;
    }

    private async Task<AnomalyRunResult> RunAsync(DateOnly? since)
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<AnomalyDetectionService>().RunAsync(since, TestContext.Current.CancellationToken);
    }

    private async Task<List<Anomaly>> AnomaliesAsync()
    {
        await using var scope = host.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<FinOpsDbContext>().Anomalies.AsNoTracking().OrderBy(a => a.ScopeLabel).ToListAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Spike_in_one_service_of_one_account_is_reported_there_with_broader_scopes_linked_and_ranked_root_causes()
    {
        await AnomalyBill.LoadAsync(connectionString, BillWithSpike(), TestContext.Current.CancellationToken);

        var result = await RunAsync(since: End.AddDays(-30));

        var anomalies = await AnomaliesAsync();
        var reported = Assert.Single(anomalies, a => a.ParentAnomalyId is null);
        Assert.Equal(SpikeDay, reported.Day);
        Assert.Equal(ScopeDimensions.SubAccountService, reported.ScopeDimension);
        Assert.Equal("service=AmazonEC2 in sub_account=111111111111", reported.ScopeLabel);
        Assert.Equal((AnomalyBill.Prod, "AmazonEC2"), (reported.SubAccountId, reported.ServiceName));
        Assert.InRange(reported.Expected, 760m, 840m); // two m5.xlarge at ~400 $ a weekday
        Assert.InRange(reported.ImpactAmount, 2400m, 2600m);
        Assert.True(reported.Actual > reported.UpperBound);
        Assert.Equal(AnomalySeverity.Critical, reported.Severity);
        Assert.Equal(AnomalyStatus.Open, reported.Status);

        // The same event lifted the account, EC2 across accounts, us-east-1 and the total: linked, not reported again.
        var linked = anomalies.Where(a => a.ParentAnomalyId == reported.Id).Select(a => a.ScopeLabel).ToList();
        Assert.Equal(["region=us-east-1", "service=AmazonEC2", "sub_account=111111111111", "total"], linked);
        Assert.All(anomalies, a => Assert.Equal(SpikeDay, a.Day));
        Assert.Equal(1, result.Reported);

        var causes = JsonSerializer.Deserialize<List<RootCause>>(reported.RootCauses)!;
        var resource = causes.First(c => c.Dimension == "resource");
        Assert.Equal("i-0gpu-forgotten", resource.Value);
        Assert.InRange(resource.Share, 0.9, 1.1);
        Assert.Equal("BoxUsage:p4d.24xlarge", causes.First(c => c.Dimension == "usage_type").Value);
        Assert.Equal("us-east-1", causes.First(c => c.Dimension == "region").Value);
        Assert.InRange(causes[0].Delta, 2300m, 2700m); // ranked by $ contribution
    }

    [Fact]
    public async Task Values_of_configured_tag_keys_are_scored_and_explained_by_the_anomaly_that_carries_them()
    {
        host.Dispose();
        host = BuildHost(("Anomalies:TagKeys:0", "team"));
        await AnomalyBill.LoadAsync(connectionString, BillWithSpike(), TestContext.Current.CancellationToken);

        await RunAsync(since: SpikeDay);

        var anomalies = await AnomaliesAsync();
        var reported = Assert.Single(anomalies, a => a.ParentAnomalyId is null);
        Assert.Equal("service=AmazonEC2 in sub_account=111111111111", reported.ScopeLabel);
        var tag = Assert.Single(anomalies, a => a.ScopeDimension == ScopeDimensions.Tag);
        Assert.Equal(("tag:team=payments", "team", "payments", reported.Id), (tag.ScopeLabel, tag.TagKey, tag.TagValue, tag.ParentAnomalyId));
        var causes = JsonSerializer.Deserialize<List<RootCause>>(reported.RootCauses)!;
        Assert.Contains(causes, c => c.Dimension == "tag:team" && c.Value == "payments" && c.Delta > 2000);
    }

    [Fact]
    public async Task Feedback_no_widens_the_scope_threshold_so_a_later_moderate_spike_no_longer_alerts()
    {
        host.Dispose();
        host = BuildHost(("Anomalies:WideningPerNo", "1.0"), ("Anomalies:MaxWidening", "3"), ("Anomalies:Detector:MinImpactPercent", "2"));
        var later = new DateOnly(2025, 7, 8); // 20 days after the first spike: past the quiet days and the ongoing-event week
        var lines = AnomalyBill.Generate(later.AddDays(2));
        lines.Add(new BillLine(SpikeDay, AnomalyBill.Prod, "AmazonEC2", "us-east-1", "i-0gpu-forgotten", "BoxUsage:p4d.24xlarge", "Usage", 2500, "payments"));
        await AnomalyBill.LoadAsync(connectionString, lines, TestContext.Current.CancellationToken);

        // Size the second spike from the detector's own band that day: six scales, above the threshold of 4, under 4 × 2 after one "no".
        var cell = new Anomaly { ScopeDimension = ScopeDimensions.SubAccountService, ScopeLabel = "", Severity = "", Day = later, SubAccountId = AnomalyBill.Prod, ServiceName = "AmazonEC2" };
        IReadOnlyList<SeriesPoint> band;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            band = await scope.ServiceProvider.GetRequiredService<AnomalyDetectionService>().SeriesAroundAsync(cell, 0, 0, TestContext.Current.CancellationToken);
        }
        var point = Assert.Single(band);
        var scale = (point.Upper!.Value - point.Expected!.Value) / 4;
        lines.Add(new BillLine(later, AnomalyBill.Prod, "AmazonEC2", "us-east-1", "i-0batch", "BoxUsage:c5.4xlarge", "Usage", Math.Round(6 * scale, 2), "payments"));
        await using (var conn = new Npgsql.NpgsqlConnection(connectionString))
        {
            await conn.OpenAsync(TestContext.Current.CancellationToken);
            await using var clear = new Npgsql.NpgsqlCommand("truncate finops.billing_line_items", conn);
            await clear.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        await AnomalyBill.LoadAsync(connectionString, lines, TestContext.Current.CancellationToken);

        await RunAsync(since: SpikeDay);
        var before = (await AnomaliesAsync()).Where(a => a.ParentAnomalyId is null).OrderBy(a => a.Day).ToList();
        Assert.Equal([SpikeDay, later], before.Select(a => a.Day));
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FinOpsDbContext>();
            var first = await db.Anomalies.SingleAsync(a => a.Id == before[0].Id, TestContext.Current.CancellationToken);
            first.Feedback = AnomalyFeedback.No;
            first.Status = AnomalyStatus.FalsePositive;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var rerun = await RunAsync(since: SpikeDay);

        var after = await AnomaliesAsync();
        Assert.DoesNotContain(after, a => a.Day == later && a.ScopeLabel == before[1].ScopeLabel);
        Assert.True(rerun.Removed >= 1, rerun.Summary);
        Assert.Equal(AnomalyStatus.FalsePositive, after.Single(a => a.Id == before[0].Id).Status);
    }

    [Fact]
    public async Task Quiet_bill_with_weekends_taxes_and_month_start_fees_raises_nothing()
    {
        await AnomalyBill.LoadAsync(connectionString, AnomalyBill.Generate(End), TestContext.Current.CancellationToken);

        var result = await RunAsync(since: End.AddDays(-60));

        Assert.Empty(await AnomaliesAsync());
        Assert.True(result.Scopes >= 17, result.Summary); // total, 2 accounts, 4 services, 7 cells, 3 regions
    }

    [Fact]
    public async Task Rerun_is_idempotent_and_never_overwrites_status_or_feedback()
    {
        await AnomalyBill.LoadAsync(connectionString, BillWithSpike(), TestContext.Current.CancellationToken);
        await RunAsync(since: SpikeDay);
        var first = await AnomaliesAsync();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FinOpsDbContext>();
            var reported = await db.Anomalies.SingleAsync(a => a.ParentAnomalyId == null, TestContext.Current.CancellationToken);
            reported.Status = AnomalyStatus.Acknowledged;
            reported.Feedback = AnomalyFeedback.Yes;
            reported.FeedbackNote = "team is on it";
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }

        var second = await RunAsync(since: SpikeDay);
        var third = await RunAsync(since: SpikeDay);

        var after = await AnomaliesAsync();
        Assert.Equal(first.Select(a => (a.Id, a.ScopeLabel, a.Actual, a.Expected, a.ParentAnomalyId)), after.Select(a => (a.Id, a.ScopeLabel, a.Actual, a.Expected, a.ParentAnomalyId)));
        var kept = after.Single(a => a.ParentAnomalyId is null);
        Assert.Equal((AnomalyStatus.Acknowledged, AnomalyFeedback.Yes, "team is on it"), (kept.Status, kept.Feedback, kept.FeedbackNote));
        Assert.Equal((0, 0, 0), (second.Inserted, second.Updated, second.Removed));
        Assert.Equal((0, 0, 0), (third.Inserted, third.Updated, third.Removed));
    }

    [Fact]
    public async Task Alerts_reach_slack_teams_and_webhook_listeners_above_their_thresholds_once_and_never_log_the_url()
    {
        await using var listener = await WebhookListener.StartAsync();
        var secretPath = "/services/T0001/B0001/Zx9s3cr3tT0k3n";
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FinOpsDbContext>();
            db.AlertSubscriptions.AddRange(
                new AlertSubscription { Name = "slack", Channel = "slack", WebhookSecretRef = listener.BaseUrl + "/slack" + secretPath, MinImpactAmount = 1000 },
                new AlertSubscription { Name = "teams", Channel = "teams", WebhookSecretRef = listener.BaseUrl + "/teams" + secretPath, MinImpactPercent = 100 },
                new AlertSubscription { Name = "generic", Channel = "webhook", WebhookSecretRef = listener.BaseUrl + "/generic" + secretPath },
                new AlertSubscription { Name = "too high", Channel = "webhook", WebhookSecretRef = listener.BaseUrl + "/never" + secretPath, MinImpactAmount = 10_000 },
                new AlertSubscription { Name = "other account", Channel = "webhook", WebhookSecretRef = listener.BaseUrl + "/never" + secretPath, ScopeFilter = """{"subAccountId":"222222222222"}""" },
                new AlertSubscription { Name = "digest", Channel = "webhook", Frequency = "daily", WebhookSecretRef = listener.BaseUrl + "/digest" + secretPath });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        await AnomalyBill.LoadAsync(connectionString, BillWithSpike(), TestContext.Current.CancellationToken);

        var result = await RunAsync(since: SpikeDay);
        await RunAsync(since: SpikeDay); // a rerun sends nothing new
        time.Advance(TimeSpan.FromHours(6));
        await RunAsync(since: null); // nor does the next run of the day (digest already sent)

        Assert.Equal(4, result.Notifications);
        var received = listener.Requests.ToList();
        Assert.Equal(["/digest", "/generic", "/slack", "/teams"], received.Select(r => r.Path.Split('/')[1]).Select(p => "/" + p).Order());
        Assert.All(received, r => Assert.Equal("application/json", r.ContentType.Split(';')[0]));
        var slack = received.Single(r => r.Path.StartsWith("/slack"));
        Assert.Contains("service=AmazonEC2 in sub_account=111111111111", slack.Body.GetProperty("blocks")[1].GetProperty("text").GetProperty("text").GetString());
        Assert.StartsWith("1 new cost anomaly", slack.Body.GetProperty("text").GetString());
        var teams = received.Single(r => r.Path.StartsWith("/teams"));
        Assert.Equal("MessageCard", teams.Body.GetProperty("@type").GetString());
        var generic = received.Single(r => r.Path.StartsWith("/generic")).Body.GetProperty("anomalies");
        Assert.Equal(1, generic.GetArrayLength());
        Assert.Equal("2025-06-18", generic[0].GetProperty("day").GetString());
        Assert.InRange(generic[0].GetProperty("impact").GetDecimal(), 2400m, 2600m);
        var digest = received.Single(r => r.Path.StartsWith("/digest")).Body;
        Assert.StartsWith("Daily digest", digest.GetProperty("title").GetString());

        Assert.DoesNotContain(logs.Lines, l => l.Contains("s3cr3t", StringComparison.Ordinal) || l.Contains("/services/T0001", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Feedback_no_keeps_the_scope_quiet_for_the_next_days()
    {
        // The GPU runs on the 18th and again on the 27th (past the week in which flags count as the same event).
        var later = new DateOnly(2025, 6, 27);
        var lines = AnomalyBill.Generate(later);
        lines.Add(new BillLine(SpikeDay, AnomalyBill.Prod, "AmazonEC2", "us-east-1", "i-0gpu-forgotten", "BoxUsage:p4d.24xlarge", "Usage", 2500));
        lines.Add(new BillLine(later, AnomalyBill.Prod, "AmazonEC2", "us-east-1", "i-0gpu-forgotten", "BoxUsage:p4d.24xlarge", "Usage", 2500));
        await AnomalyBill.LoadAsync(connectionString, lines.Where(l => l.Day <= End).ToList(), TestContext.Current.CancellationToken);
        await RunAsync(since: SpikeDay);
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FinOpsDbContext>();
            var reported = await db.Anomalies.SingleAsync(a => a.ParentAnomalyId == null, TestContext.Current.CancellationToken);
            reported.Feedback = AnomalyFeedback.No;
            reported.Status = AnomalyStatus.FalsePositive;
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        await using var listener = await WebhookListener.StartAsync();
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<FinOpsDbContext>();
            db.AlertSubscriptions.Add(new AlertSubscription { Name = "all", Channel = "webhook", WebhookSecretRef = listener.BaseUrl + "/all" });
            await db.SaveChangesAsync(TestContext.Current.CancellationToken);
        }
        await using (var conn = new Npgsql.NpgsqlConnection(connectionString))
        {
            await conn.OpenAsync(TestContext.Current.CancellationToken);
            await using var clear = new Npgsql.NpgsqlCommand("truncate finops.billing_line_items", conn);
            await clear.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        }
        await AnomalyBill.LoadAsync(connectionString, lines, TestContext.Current.CancellationToken);

        var result = await RunAsync(since: later);

        var again = (await AnomaliesAsync()).Single(a => a.Day == later && a.ParentAnomalyId is null);
        Assert.Equal("service=AmazonEC2 in sub_account=111111111111", again.ScopeLabel);
        Assert.Equal(AnomalyStatus.FalsePositive, again.Status);
        Assert.Contains("Follows feedback 'no' given on 2025-06-18", again.FeedbackNote);
        Assert.Null(again.Feedback);
        Assert.Equal(0, result.Notifications);
        Assert.Empty(listener.Requests);
    }
}
