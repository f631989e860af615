namespace FinOps.Core.Remediation;

/// <summary>A rule that turns anomalies or recommendations into remediation actions.</summary>
public sealed class Playbook
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public string? Description { get; set; }
    /// <summary><c>anomaly</c> or <c>recommendation</c>.</summary>
    public required string TriggerType { get; set; }
    public string TriggerFilter { get; set; } = "{}";
    /// <summary><c>notify</c>, <c>ticket</c>, <c>stop_instance</c>, <c>resize_instance</c>, …</summary>
    public required string ActionType { get; set; }
    public string Parameters { get; set; } = "{}";
    public bool DryRun { get; set; } = true;
    public bool RequiresApproval { get; set; } = true;
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>One action a playbook proposed, with its approval state and outcome.</summary>
public sealed class RemediationAction
{
    public Guid Id { get; set; }
    public Guid? PlaybookId { get; set; }
    public Guid? RecommendationId { get; set; }
    public Guid? AnomalyId { get; set; }
    public string? ResourceId { get; set; }
    public required string ActionType { get; set; }
    public string Parameters { get; set; } = "{}";
    public bool DryRun { get; set; } = true;
    /// <summary><c>pending</c>, <c>approved</c>, <c>rejected</c>, <c>auto_approved</c>.</summary>
    public string ApprovalState { get; set; } = "pending";
    public string? ApprovedBy { get; set; }
    /// <summary><c>proposed</c>, <c>running</c>, <c>succeeded</c>, <c>failed</c>, <c>cancelled</c>.</summary>
    public string Status { get; set; } = "proposed";
    public int Attempts { get; set; }
    public string? Result { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? ExecutedAt { get; set; }
}
