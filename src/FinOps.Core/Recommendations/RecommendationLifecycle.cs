using FinOps.Core.Auditing;
using FinOps.Core.Data;
using Microsoft.EntityFrameworkCore;

namespace FinOps.Core.Recommendations;

/// <summary>
/// The people's side of the lifecycle: open → accepted → applied (by hand or by remediation), or dismissed with
/// a reason. Validation and expiry belong to the jobs. Every change is audited in the same save.
/// </summary>
public sealed class RecommendationLifecycle(FinOpsDbContext db, AuditTrail audit, TimeProvider time)
{
    public async Task<Recommendation> AcceptAsync(Guid id, string actor, CancellationToken ct)
    {
        var rec = await FindAsync(id, ct);
        Require(rec, "accept", RecommendationStatus.Open);
        var now = time.GetUtcNow();
        rec.Status = RecommendationStatus.Accepted;
        rec.AcceptedAt = now;
        rec.UpdatedAt = now;
        return await SaveAsync(rec, actor, "recommendation.accept", new { rec.ResourceId, rec.Type, rec.ProposedType }, ct);
    }

    public async Task<Recommendation> DismissAsync(Guid id, string reason, string actor, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainValidationException("reason", "Say why the recommendation is dismissed.");
        }
        var rec = await FindAsync(id, ct);
        Require(rec, "dismiss", RecommendationStatus.Open, RecommendationStatus.Accepted);
        var now = time.GetUtcNow();
        rec.Status = RecommendationStatus.Dismissed;
        rec.StatusReason = reason.Trim();
        rec.DismissedAt = now;
        rec.UpdatedAt = now;
        return await SaveAsync(rec, actor, "recommendation.dismiss", new { rec.ResourceId, rec.Type, reason = rec.StatusReason }, ct);
    }

    /// <summary>Marks the change as made; <paramref name="appliedAt"/> records when it was made by hand earlier (never in the future).</summary>
    public async Task<Recommendation> ApplyAsync(Guid id, DateTimeOffset? appliedAt, string? note, string actor, CancellationToken ct)
    {
        var rec = await FindAsync(id, ct);
        Require(rec, "apply", RecommendationStatus.Open, RecommendationStatus.Accepted);
        var now = time.GetUtcNow();
        var at = appliedAt ?? now;
        if (at > now)
        {
            throw new DomainValidationException("appliedAt", "A change cannot be applied in the future.");
        }
        if (at < rec.CreatedAt.AddDays(-400))
        {
            throw new DomainValidationException("appliedAt", "The date is too far before the recommendation was made.");
        }
        rec.Status = RecommendationStatus.Applied;
        rec.AppliedAt = at;
        rec.AcceptedAt ??= at;
        rec.StatusReason = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        rec.UpdatedAt = now;
        return await SaveAsync(rec, actor, "recommendation.apply", new { rec.ResourceId, rec.Type, rec.ProposedType, appliedAt = at, note = rec.StatusReason }, ct);
    }

    private async Task<Recommendation> FindAsync(Guid id, CancellationToken ct) =>
        await db.Recommendations.FirstOrDefaultAsync(r => r.Id == id, ct) ?? throw new EntityNotFoundException("Recommendation", id);

    private static void Require(Recommendation rec, string action, params string[] allowed)
    {
        if (!allowed.Contains(rec.Status))
        {
            throw new ConflictException($"A recommendation that is {rec.Status} cannot be {(action == "apply" ? "applied" : action + "ed")}; only {string.Join(" or ", allowed)} ones can.");
        }
    }

    private async Task<Recommendation> SaveAsync(Recommendation rec, string actor, string action, object details, CancellationToken ct)
    {
        audit.Record(actor, action, "recommendation", rec.Id.ToString(), details);
        await db.SaveChangesAsync(ct);
        RecommendationsTelemetry.Transitions.Add(1, new KeyValuePair<string, object?>("status", rec.Status));
        return rec;
    }
}
