using System.Net.Http.Json;
using System.Text.Json;
using FinOps.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace FinOps.Core.Anomalies.Notifications;

/// <summary>What a subscription's <see cref="AlertSubscription.ScopeFilter"/> may narrow: any of these, all optional.</summary>
public sealed record SubscriptionScopeFilter(string? SubAccountId = null, string? ServiceName = null, string? RegionId = null, string? MinSeverity = null);

/// <summary>
/// Sends anomalies to alert subscriptions: immediately after a detection run for <c>immediate</c> ones, once a day for
/// <c>daily</c> digests. Only reported anomalies (not the broader scopes an event also lifted) that are still open and pass
/// the subscription's $ and % thresholds and scope filter are sent. The threshold decides who is told, never what is detected.
/// </summary>
public sealed class AlertNotifier(
    FinOpsDbContext db, IHttpClientFactory httpClients, IConfiguration configuration, TimeProvider time, ILogger<AlertNotifier> logger)
{
    /// <summary>The named HttpClient (resilience from the service defaults; request logging removed: the URL is a secret).</summary>
    public const string HttpClientName = "anomaly-webhooks";

    public const string Immediate = "immediate";
    public const string Daily = "daily";

    public static readonly IReadOnlyList<string> Frequencies = [Immediate, Daily];

    /// <summary>A digest goes out at most this often, whatever the schedule of the runs.</summary>
    public static readonly TimeSpan DigestInterval = TimeSpan.FromHours(20);

    /// <summary>Sends the newly reported anomalies of a run to every enabled immediate subscription they match; returns messages sent.</summary>
    public async Task<int> NotifyImmediateAsync(IReadOnlyList<Anomaly> created, CancellationToken ct)
    {
        var fresh = created.Where(a => a.ParentAnomalyId is null && a.Status == AnomalyStatus.Open).ToList();
        if (fresh.Count == 0)
        {
            return 0;
        }
        var sent = 0;
        foreach (var subscription in await db.AlertSubscriptions.Where(s => s.Enabled && s.Frequency == Immediate).ToListAsync(ct))
        {
            var matching = fresh.Where(a => Matches(subscription, a)).OrderByDescending(a => a.ImpactAmount).ToList();
            if (matching.Count > 0 && await SendAsync(subscription, $"{matching.Count} new cost anomal{(matching.Count == 1 ? "y" : "ies")}", matching, ct))
            {
                sent++;
            }
        }
        await db.SaveChangesAsync(ct);
        return sent;
    }

    /// <summary>Sends each daily subscription that is due the open anomalies reported since its last message.</summary>
    public async Task<int> SendDigestsAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var sent = 0;
        foreach (var subscription in await db.AlertSubscriptions.Where(s => s.Enabled && s.Frequency == Daily).ToListAsync(ct))
        {
            if (subscription.LastNotifiedAt is { } last && now - last < DigestInterval)
            {
                continue;
            }
            var since = subscription.LastNotifiedAt ?? now.AddDays(-1);
            var candidates = await db.Anomalies.AsNoTracking()
                .Where(a => a.DetectedAt > since && a.ParentAnomalyId == null && a.Status == AnomalyStatus.Open)
                .ToListAsync(ct);
            var matching = candidates.Where(a => Matches(subscription, a)).OrderByDescending(a => a.ImpactAmount).ToList();
            if (matching.Count > 0 && await SendAsync(subscription, $"Daily digest: {matching.Count} cost anomal{(matching.Count == 1 ? "y" : "ies")}", matching, ct))
            {
                sent++;
            }
        }
        await db.SaveChangesAsync(ct);
        return sent;
    }

    /// <summary>Posts one message; a failure is logged (without the URL) and leaves <see cref="AlertSubscription.LastNotifiedAt"/> as it was.</summary>
    public async Task<bool> SendAsync(AlertSubscription subscription, string title, IReadOnlyList<Anomaly> anomalies, CancellationToken ct)
    {
        var url = WebhookTarget.Resolve(subscription.WebhookSecretRef, configuration);
        if (url is null)
        {
            logger.LogWarning("Alert subscription {Subscription} has no usable webhook ({Masked}); nothing sent", subscription.Id, WebhookTarget.Mask(subscription.WebhookSecretRef));
            return false;
        }
        var payload = WebhookPayloads.Build(subscription.Channel, title, anomalies, configuration["Anomalies:PublicBaseUrl"]);
        try
        {
            using var client = httpClients.CreateClient(HttpClientName);
            using var response = await client.PostAsJsonAsync(url, payload, ct);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Alert subscription {Subscription}: the {Channel} webhook answered {Status}", subscription.Id, subscription.Channel, (int)response.StatusCode);
                return false;
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            // The exception's message can quote the URL: log its type only.
            logger.LogWarning("Alert subscription {Subscription}: the {Channel} webhook failed ({Error})", subscription.Id, subscription.Channel, e.GetType().Name);
            return false;
        }
        AnomalyTelemetry.NotificationsSent.Add(1, new KeyValuePair<string, object?>("channel", subscription.Channel));
        subscription.LastNotifiedAt = time.GetUtcNow();
        return true;
    }

    /// <summary>True when the anomaly passes the subscription's thresholds and scope filter.</summary>
    public static bool Matches(AlertSubscription s, Anomaly a)
    {
        if (s.MinImpactAmount is { } amount && a.ImpactAmount < amount)
        {
            return false;
        }
        if (s.MinImpactPercent is { } percent && a.ImpactPercent < percent)
        {
            return false;
        }
        var filter = ParseFilter(s.ScopeFilter);
        return (filter.SubAccountId is null || filter.SubAccountId == a.SubAccountId)
               && (filter.ServiceName is null || filter.ServiceName == a.ServiceName)
               && (filter.RegionId is null || filter.RegionId == a.RegionId)
               && (filter.MinSeverity is null || AnomalySeverity.Rank(a.Severity) >= AnomalySeverity.Rank(filter.MinSeverity));
    }

    public static SubscriptionScopeFilter ParseFilter(string? json) =>
        string.IsNullOrWhiteSpace(json) ? new SubscriptionScopeFilter() : JsonSerializer.Deserialize<SubscriptionScopeFilter>(json, JsonSerializerOptions.Web) ?? new SubscriptionScopeFilter();
}
