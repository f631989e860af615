using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Text.Json;
using FinOps.Api.Infrastructure;
using FinOps.Core;
using FinOps.Core.Anomalies;
using FinOps.Core.Auditing;
using FinOps.Core.Data;
using FinOps.Core.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FinOps.Api.Features.Anomalies;

public static class AnomaliesEndpoints
{
    public static IEndpointRouteBuilder MapAnomaliesEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/anomalies").WithTags("Anomalies").RequireAuthorization(Roles.Viewer);
        group.MapGet("/", List).WithName("ListAnomalies").WithSummary("Anomalies, newest first, filtered and paged");
        group.MapGet("/summary", Summary).WithName("GetAnomalySummary").WithSummary("Open anomalies by severity (the Overview's KPI)");
        group.MapGet("/{id:guid}", Get).WithName("GetAnomaly").WithSummary("One anomaly with its root causes and the series around its day");
        group.MapPost("/{id:guid}/acknowledge", Acknowledge).WithName("AcknowledgeAnomaly").WithSummary("Someone is looking at it")
            .RequireAuthorization(Roles.Analyst);
        group.MapPost("/{id:guid}/resolve", Resolve).WithName("ResolveAnomaly").WithSummary("The cause is handled").RequireAuthorization(Roles.Analyst);
        group.MapPost("/{id:guid}/feedback", Feedback).WithName("AnomalyFeedback")
            .WithSummary("Was it an anomaly? yes, no (false positive: widens the scope's threshold) or planned_activity")
            .RequireAuthorization(Roles.Analyst);
        app.MapAlertSubscriptionEndpoints();
        return app;
    }

    /// <summary>Query of the list; a missing range means every day.</summary>
    /// <param name="Status">One or more of open, acknowledged, resolved, false_positive (comma-separated).</param>
    /// <param name="Severity">One or more of low, medium, high, critical (comma-separated).</param>
    /// <param name="Scope">Part of the scope label, e.g. a service name or an account id.</param>
    /// <param name="Dimension">total, sub_account, service, sub_account_service, region or tag.</param>
    /// <param name="IncludeExplained">Also list the broader scopes an event lifted (they point at the anomaly that explains them).</param>
    public sealed record AnomalyQuery(
        string? Status, DateOnly? From, DateOnly? To, string? Scope, string? Dimension, string? Severity,
        [property: Range(typeof(decimal), "0", "1000000000000")] decimal? MinImpact,
        string? SubAccountId, string? ServiceName, string? RegionId, string? ChargeCategory, bool? IncludeExplained,
        [property: Range(1, 100000)] int? Page,
        [property: Range(1, 500)] int? PageSize);

    public sealed record AnomalyItem(
        Guid Id, DateOnly Day, string ScopeDimension, string ScopeLabel, string? ProviderName, string? SubAccountId, string? ServiceName,
        string? RegionId, string? TagKey, string? TagValue, string ChargeCategory, string Currency, decimal Actual, decimal Expected,
        decimal LowerBound, decimal UpperBound, double Score, decimal ImpactAmount, double ImpactPercent, string Severity, string Status,
        string? Feedback, string? FeedbackNote, Guid? ParentAnomalyId, DateTimeOffset DetectedAt, DateTimeOffset UpdatedAt)
    {
        public static AnomalyItem From(Anomaly a) => new(a.Id, a.Day, a.ScopeDimension, a.ScopeLabel, a.ProviderName, a.SubAccountId,
            a.ServiceName, a.RegionId, a.TagKey, a.TagValue, a.ChargeCategory, a.Currency, a.Actual, a.Expected, a.LowerBound, a.UpperBound,
            a.Score, a.ImpactAmount, a.ImpactPercent, a.Severity, a.Status, a.Feedback, a.FeedbackNote, a.ParentAnomalyId, a.DetectedAt, a.UpdatedAt);
    }

    public sealed record AnomalyPage(IReadOnlyList<AnomalyItem> Items, int Total, int Page, int PageSize);

    public sealed record RelatedAnomaly(Guid Id, string ScopeLabel, decimal ImpactAmount, string Status);

    public sealed record AnomalyDetail(
        AnomalyItem Anomaly, IReadOnlyList<RootCause> RootCauses, IReadOnlyList<SeriesPoint> Series,
        RelatedAnomaly? ExplainedBy, IReadOnlyList<RelatedAnomaly> Explains);

    public sealed record AnomalySummary(int Open, IReadOnlyDictionary<string, int> BySeverity, decimal OpenImpact, DateOnly? LatestDay);

    public sealed record FeedbackRequest(
        [property: Required, RegularExpression("^(yes|no|planned_activity)$", ErrorMessage = "feedback must be yes, no or planned_activity.")] string Feedback,
        [property: StringLength(2000)] string? Note);

    public sealed record StatusRequest([property: StringLength(2000)] string? Note);

    private static async Task<Ok<AnomalyPage>> List([AsParameters] AnomalyQuery q, FinOpsDbContext db, CancellationToken ct)
    {
        if (q.From is { } f && q.To is { } t && t < f)
        {
            throw new DomainValidationException("to", "'to' must not be before 'from'.");
        }
        var query = db.Anomalies.AsNoTracking();
        if (q.IncludeExplained != true)
        {
            query = query.Where(a => a.ParentAnomalyId == null);
        }
        if (Values(q.Status, "status", [AnomalyStatus.Open, AnomalyStatus.Acknowledged, AnomalyStatus.Resolved, AnomalyStatus.FalsePositive]) is { } statuses)
        {
            query = query.Where(a => statuses.Contains(a.Status));
        }
        if (Values(q.Severity, "severity", AnomalySeverity.Ordered) is { } severities)
        {
            query = query.Where(a => severities.Contains(a.Severity));
        }
        if (Values(q.Dimension, "dimension", ScopeDimensions.All) is { } dimensions)
        {
            query = query.Where(a => dimensions.Contains(a.ScopeDimension));
        }
        if (q.From is { } from)
        {
            query = query.Where(a => a.Day >= from);
        }
        if (q.To is { } to)
        {
            query = query.Where(a => a.Day <= to);
        }
        if (!string.IsNullOrWhiteSpace(q.Scope))
        {
            var pattern = "%" + q.Scope.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(a => EF.Functions.ILike(a.ScopeLabel, pattern));
        }
        if (q.MinImpact is { } minImpact)
        {
            query = query.Where(a => a.ImpactAmount >= minImpact);
        }
        if (!string.IsNullOrWhiteSpace(q.SubAccountId))
        {
            query = query.Where(a => a.SubAccountId == q.SubAccountId);
        }
        if (!string.IsNullOrWhiteSpace(q.ServiceName))
        {
            query = query.Where(a => a.ServiceName == q.ServiceName);
        }
        if (!string.IsNullOrWhiteSpace(q.RegionId))
        {
            query = query.Where(a => a.RegionId == q.RegionId);
        }
        if (!string.IsNullOrWhiteSpace(q.ChargeCategory))
        {
            query = query.Where(a => a.ChargeCategory == q.ChargeCategory);
        }
        var page = q.Page ?? 1;
        var size = q.PageSize ?? 50;
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(a => a.Day).ThenByDescending(a => a.ImpactAmount).ThenBy(a => a.Id)
            .Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new AnomalyPage(items.Select(AnomalyItem.From).ToList(), total, page, size));
    }

    private static async Task<Ok<AnomalySummary>> Summary(FinOpsDbContext db, CancellationToken ct)
    {
        var open = await db.Anomalies.AsNoTracking()
            .Where(a => a.ParentAnomalyId == null && a.Status == AnomalyStatus.Open)
            .GroupBy(a => a.Severity)
            .Select(g => new { Severity = g.Key, Count = g.Count(), Impact = g.Sum(a => a.ImpactAmount) })
            .ToListAsync(ct);
        var latest = await db.Anomalies.AsNoTracking().Where(a => a.ParentAnomalyId == null).MaxAsync(a => (DateOnly?)a.Day, ct);
        var bySeverity = AnomalySeverity.Ordered.ToDictionary(s => s, s => open.Where(o => o.Severity == s).Sum(o => o.Count));
        return TypedResults.Ok(new AnomalySummary(open.Sum(o => o.Count), bySeverity, open.Sum(o => o.Impact), latest));
    }

    private static async Task<Results<Ok<AnomalyDetail>, NotFound>> Get(
        Guid id, FinOpsDbContext db, AnomalyDetectionService detection, CancellationToken ct)
    {
        var anomaly = await db.Anomalies.AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, ct);
        if (anomaly is null)
        {
            return TypedResults.NotFound();
        }
        var rootCauses = JsonSerializer.Deserialize<List<RootCause>>(anomaly.RootCauses) ?? [];
        var series = await detection.SeriesAroundAsync(anomaly, 30, 7, ct);
        var explainedBy = anomaly.ParentAnomalyId is { } parentId
            ? await db.Anomalies.AsNoTracking().Where(a => a.Id == parentId)
                .Select(a => new RelatedAnomaly(a.Id, a.ScopeLabel, a.ImpactAmount, a.Status)).FirstOrDefaultAsync(ct)
            : null;
        var explains = await db.Anomalies.AsNoTracking().Where(a => a.ParentAnomalyId == id).OrderByDescending(a => a.ImpactAmount)
            .Select(a => new RelatedAnomaly(a.Id, a.ScopeLabel, a.ImpactAmount, a.Status)).ToListAsync(ct);
        return TypedResults.Ok(new AnomalyDetail(AnomalyItem.From(anomaly), rootCauses, series, explainedBy, explains));
    }

    private static Task<Ok<AnomalyItem>> Acknowledge(
        Guid id, StatusRequest? request, FinOpsDbContext db, AuditTrail audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, db, audit, time, user, "anomaly.acknowledge", new { note = request?.Note }, a =>
        {
            if (a.Status != AnomalyStatus.Open)
            {
                throw new ConflictException($"Only an open anomaly can be acknowledged; this one is {a.Status}.");
            }
            a.Status = AnomalyStatus.Acknowledged;
            a.FeedbackNote = request?.Note ?? a.FeedbackNote;
        }, ct);

    private static Task<Ok<AnomalyItem>> Resolve(
        Guid id, StatusRequest? request, FinOpsDbContext db, AuditTrail audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, db, audit, time, user, "anomaly.resolve", new { note = request?.Note }, a =>
        {
            if (a.Status is not (AnomalyStatus.Open or AnomalyStatus.Acknowledged))
            {
                throw new ConflictException($"Only an open or acknowledged anomaly can be resolved; this one is {a.Status}.");
            }
            a.Status = AnomalyStatus.Resolved;
            a.FeedbackNote = request?.Note ?? a.FeedbackNote;
        }, ct);

    /// <summary>
    /// yes keeps the status; no marks it a false positive (and widens the scope's threshold on later runs); planned_activity
    /// resolves it. Either of the last two keeps the scope quiet for the next days.
    /// </summary>
    private static Task<Ok<AnomalyItem>> Feedback(
        Guid id, FeedbackRequest request, FinOpsDbContext db, AuditTrail audit, TimeProvider time, ClaimsPrincipal user, CancellationToken ct) =>
        ChangeAsync(id, db, audit, time, user, "anomaly.feedback", new { feedback = request.Feedback, note = request.Note }, a =>
        {
            a.Feedback = request.Feedback;
            a.FeedbackNote = request.Note ?? a.FeedbackNote;
            a.Status = request.Feedback switch
            {
                AnomalyFeedback.No => AnomalyStatus.FalsePositive,
                AnomalyFeedback.PlannedActivity => AnomalyStatus.Resolved,
                _ => a.Status,
            };
        }, ct);

    private static async Task<Ok<AnomalyItem>> ChangeAsync(
        Guid id, FinOpsDbContext db, AuditTrail audit, TimeProvider time, ClaimsPrincipal user, string action, object details,
        Action<Anomaly> change, CancellationToken ct)
    {
        var anomaly = await db.Anomalies.FirstOrDefaultAsync(a => a.Id == id, ct) ?? throw new EntityNotFoundException("Anomaly", id);
        var before = anomaly.Status;
        change(anomaly);
        anomaly.UpdatedAt = time.GetUtcNow();
        audit.Record(user.Actor(), action, "anomaly", id.ToString(), new { details, statusBefore = before, statusAfter = anomaly.Status, anomaly.ScopeLabel, anomaly.Day });
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(AnomalyItem.From(anomaly));
    }

    /// <summary>A comma-separated filter, each value checked against the known ones (400 naming the field otherwise).</summary>
    private static string[]? Values(string? raw, string field, IReadOnlyList<string> known)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }
        var values = raw.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var unknown = values.Where(v => !known.Contains(v)).ToList();
        return unknown.Count == 0
            ? values
            : throw new DomainValidationException(field, $"Unknown {field} '{string.Join(", ", unknown)}': use {string.Join(", ", known)}.");
    }
}
