namespace FinOps.Core.Recommendations;

/// <summary>A proposed change to one resource with its estimated savings and the evidence behind it.</summary>
public sealed class Recommendation
{
    public Guid Id { get; set; }
    /// <summary><c>rightsize</c>, <c>idle_stop</c>, <c>idle_delete</c>, <c>unattached_storage</c>, …</summary>
    public required string Type { get; set; }
    public required string ResourceId { get; set; }
    public string? ProviderName { get; set; }
    public string? SubAccountId { get; set; }
    public string? RegionId { get; set; }
    public string? CurrentType { get; set; }
    public string? ProposedType { get; set; }
    public string CurrentConfig { get; set; } = "{}";
    public string ProposedConfig { get; set; } = "{}";
    public decimal EstimatedMonthlySavings { get; set; }
    public string Currency { get; set; } = "USD";
    public string Evidence { get; set; } = "{}";
    public string Status { get; set; } = RecommendationStatus.Open;
    public string? StatusReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? AppliedAt { get; set; }
    public DateTimeOffset? DismissedAt { get; set; }
    public DateTimeOffset? ExpiresAt { get; set; }
}

public static class RecommendationStatus
{
    public const string Open = "open";
    public const string Accepted = "accepted";
    public const string Applied = "applied";
    /// <summary>Applied, and the savings tracker proved the savings from a complete post-change window of bills.</summary>
    public const string Validated = "validated";
    public const string Dismissed = "dismissed";
    public const string Expired = "expired";

    public static readonly IReadOnlyList<string> All = [Open, Accepted, Applied, Validated, Dismissed, Expired];
}
