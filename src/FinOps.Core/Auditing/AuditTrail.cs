using System.Diagnostics;
using System.Text.Json;
using FinOps.Core.Data;

namespace FinOps.Core.Auditing;

/// <summary>
/// Adds audit entries to the same unit of work as the change they describe, so a change and its
/// audit row are saved, or lost, together.
/// </summary>
public sealed class AuditTrail(FinOpsDbContext db, TimeProvider time)
{
    public void Record(string actor, string action, string entityType, string? entityId, object? details = null)
    {
        db.AuditLog.Add(new AuditEntry
        {
            At = time.GetUtcNow(),
            Actor = actor,
            Action = action,
            EntityType = entityType,
            EntityId = entityId,
            Details = details is null ? "{}" : JsonSerializer.Serialize(details, JsonSerializerOptions.Web),
            TraceId = Activity.Current?.TraceId.ToString(),
        });
    }
}
