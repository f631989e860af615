namespace FinOps.Core.Anomalies;

/// <summary>
/// A day whose spend in one scope left its expected band. Scope columns that are null mean "all":
/// an anomaly with only <see cref="ServiceName"/> set is about that service across every account.
/// </summary>
public sealed class Anomaly
{
    public Guid Id { get; set; }
    public DateOnly Day { get; set; }
    /// <summary>The dimension(s) the scope is cut by: <c>total</c>, <c>sub_account</c>, <c>service</c>, <c>sub_account_service</c>, <c>region</c>, <c>tag</c>.</summary>
    public required string ScopeDimension { get; set; }
    /// <summary>A readable label of the scope, e.g. <c>service=AWS Lambda in account 123</c>.</summary>
    public required string ScopeLabel { get; set; }
    public string? ProviderName { get; set; }
    public string? SubAccountId { get; set; }
    public string? ServiceName { get; set; }
    public string? RegionId { get; set; }
    public string? TagKey { get; set; }
    public string? TagValue { get; set; }
    public string ChargeCategory { get; set; } = "Usage";
    public string Currency { get; set; } = "USD";
    public decimal Actual { get; set; }
    public decimal Expected { get; set; }
    public decimal LowerBound { get; set; }
    public decimal UpperBound { get; set; }
    public double Score { get; set; }
    public decimal ImpactAmount { get; set; }
    public double ImpactPercent { get; set; }
    /// <summary><c>low</c>, <c>medium</c>, <c>high</c>, <c>critical</c>.</summary>
    public required string Severity { get; set; }
    /// <summary>Ranked contributors to the delta, JSON array.</summary>
    public string RootCauses { get; set; } = "[]";
    public string Status { get; set; } = AnomalyStatus.Open;
    /// <summary><c>yes</c>, <c>no</c>, <c>planned_activity</c>.</summary>
    public string? Feedback { get; set; }
    public string? FeedbackNote { get; set; }
    public Guid? ParentAnomalyId { get; set; }
    public DateTimeOffset DetectedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class AnomalyStatus
{
    public const string Open = "open";
    public const string Acknowledged = "acknowledged";
    public const string Resolved = "resolved";
    public const string FalsePositive = "false_positive";
}

/// <summary>What a user says of an anomaly (AWS's YES / NO / PLANNED_ACTIVITY).</summary>
public static class AnomalyFeedback
{
    public const string Yes = "yes";
    public const string No = "no";
    public const string PlannedActivity = "planned_activity";

    public static readonly IReadOnlyList<string> All = [Yes, No, PlannedActivity];
}
