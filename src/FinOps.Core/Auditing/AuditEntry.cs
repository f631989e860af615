namespace FinOps.Core.Auditing;

/// <summary>Who did what to which entity, and when. Written by every mutation.</summary>
public sealed class AuditEntry
{
    public long Id { get; set; }
    public DateTimeOffset At { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string EntityType { get; set; }
    public string? EntityId { get; set; }
    /// <summary>What changed, JSON; never secrets.</summary>
    public string Details { get; set; } = "{}";
    public string? TraceId { get; set; }
}
