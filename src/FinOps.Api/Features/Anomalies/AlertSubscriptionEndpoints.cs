using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using FinOps.Api.Infrastructure;
using FinOps.Core;
using FinOps.Core.Anomalies;
using FinOps.Core.Anomalies.Notifications;
using FinOps.Core.Auditing;
using FinOps.Core.Data;
using FinOps.Core.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FinOps.Api.Features.Anomalies;

/// <summary>Alert subscriptions: who is told about anomalies, above which thresholds, how often and where. Analysts and up.</summary>
public static class AlertSubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapAlertSubscriptionEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/anomalies/subscriptions").WithTags("Anomalies").RequireAuthorization(Roles.Analyst);
        group.MapGet("/", List).WithName("ListAlertSubscriptions").WithSummary("Every alert subscription (webhook URLs masked)");
        group.MapGet("/{id:guid}", Get).WithName("GetAlertSubscription").WithSummary("One alert subscription");
        group.MapPost("/", Create).WithName("CreateAlertSubscription").WithSummary("Be told about anomalies on Slack, Teams or a webhook");
        group.MapPut("/{id:guid}", Update).WithName("UpdateAlertSubscription").WithSummary("Change a subscription (omit webhookUrl to keep it)");
        group.MapDelete("/{id:guid}", Delete).WithName("DeleteAlertSubscription").WithSummary("Stop a subscription");
        return app;
    }

    /// <param name="WebhookUrl">The http(s) URL to post to, or <c>config:Key</c> naming a configuration (Vault) key holding it. Never returned.</param>
    public sealed record SubscriptionRequest(
        [property: Required, StringLength(200, MinimumLength = 1)] string Name,
        [property: Required, RegularExpression("^(slack|teams|webhook)$", ErrorMessage = "channel must be slack, teams or webhook.")] string Channel,
        [property: Required, RegularExpression("^(immediate|daily)$", ErrorMessage = "frequency must be immediate or daily.")] string Frequency,
        [property: StringLength(2000)] string? WebhookUrl,
        [property: Range(typeof(decimal), "0", "1000000000000")] decimal? MinImpactAmount,
        [property: Range(0.0, 100000.0)] double? MinImpactPercent,
        SubscriptionScopeFilter? ScopeFilter,
        bool? Enabled);

    public sealed record SubscriptionResponse(
        Guid Id, string Name, string Channel, string Frequency, string Webhook, decimal? MinImpactAmount, double? MinImpactPercent,
        SubscriptionScopeFilter ScopeFilter, bool Enabled, DateTimeOffset CreatedAt, DateTimeOffset? LastNotifiedAt)
    {
        public static SubscriptionResponse From(AlertSubscription s) => new(s.Id, s.Name, s.Channel, s.Frequency, WebhookTarget.Mask(s.WebhookSecretRef),
            s.MinImpactAmount, s.MinImpactPercent, AlertNotifier.ParseFilter(s.ScopeFilter), s.Enabled, s.CreatedAt, s.LastNotifiedAt);
    }

    private static async Task<Ok<List<SubscriptionResponse>>> List(FinOpsDbContext db, CancellationToken ct) =>
        TypedResults.Ok((await db.AlertSubscriptions.AsNoTracking().OrderBy(s => s.Name).ToListAsync(ct)).Select(SubscriptionResponse.From).ToList());

    private static async Task<Results<Ok<SubscriptionResponse>, NotFound>> Get(Guid id, FinOpsDbContext db, CancellationToken ct) =>
        await db.AlertSubscriptions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, ct) is { } s
            ? TypedResults.Ok(SubscriptionResponse.From(s))
            : TypedResults.NotFound();

    private static async Task<Created<SubscriptionResponse>> Create(
        SubscriptionRequest request, FinOpsDbContext db, AuditTrail audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.WebhookUrl))
        {
            throw new DomainValidationException("webhookUrl", "webhookUrl is required: an http(s) URL or config:Key.");
        }
        var subscription = new AlertSubscription { Name = "", WebhookSecretRef = "", CreatedAt = time.GetUtcNow() };
        Apply(subscription, request);
        db.AlertSubscriptions.Add(subscription);
        audit.Record(user.Actor(), "alert_subscription.create", "alert_subscription", subscription.Id.ToString(), AuditDetails(subscription));
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/api/v1/anomalies/subscriptions/{subscription.Id}", SubscriptionResponse.From(subscription));
    }

    private static async Task<Ok<SubscriptionResponse>> Update(
        Guid id, SubscriptionRequest request, FinOpsDbContext db, AuditTrail audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var subscription = await db.AlertSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new EntityNotFoundException("Alert subscription", id);
        Apply(subscription, request);
        audit.Record(user.Actor(), "alert_subscription.update", "alert_subscription", id.ToString(),
            new { changes = AuditDetails(subscription), webhookChanged = !string.IsNullOrWhiteSpace(request.WebhookUrl) });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(SubscriptionResponse.From(subscription));
    }

    private static async Task<NoContent> Delete(Guid id, FinOpsDbContext db, AuditTrail audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var subscription = await db.AlertSubscriptions.FirstOrDefaultAsync(s => s.Id == id, ct) ?? throw new EntityNotFoundException("Alert subscription", id);
        db.AlertSubscriptions.Remove(subscription);
        audit.Record(user.Actor(), "alert_subscription.delete", "alert_subscription", id.ToString(), AuditDetails(subscription));
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static void Apply(AlertSubscription s, SubscriptionRequest r)
    {
        if (!string.IsNullOrWhiteSpace(r.WebhookUrl))
        {
            var url = r.WebhookUrl.Trim();
            if (!WebhookTarget.IsValid(url))
            {
                throw new DomainValidationException("webhookUrl", "webhookUrl must be an http(s) URL or config:Key.");
            }
            s.WebhookSecretRef = url;
        }
        if (r.ScopeFilter?.MinSeverity is { } severity && !AnomalySeverity.Ordered.Contains(severity))
        {
            throw new DomainValidationException("scopeFilter.minSeverity", $"minSeverity must be one of {string.Join(", ", AnomalySeverity.Ordered)}.");
        }
        s.Name = r.Name.Trim();
        s.Channel = r.Channel;
        s.Frequency = r.Frequency;
        s.MinImpactAmount = r.MinImpactAmount;
        s.MinImpactPercent = r.MinImpactPercent;
        s.ScopeFilter = r.ScopeFilter is null ? null : JsonSerializer.Serialize(r.ScopeFilter, JsonSerializerOptions.Web);
        s.Enabled = r.Enabled ?? true;
    }

    /// <summary>What the audit log keeps of a subscription: everything but the webhook, which appears masked.</summary>
    private static object AuditDetails(AlertSubscription s) => new
    {
        s.Name, s.Channel, s.Frequency, webhook = WebhookTarget.Mask(s.WebhookSecretRef), s.MinImpactAmount, s.MinImpactPercent, s.ScopeFilter, s.Enabled,
    };
}
