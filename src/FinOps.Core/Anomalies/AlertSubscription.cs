namespace FinOps.Core.Anomalies;

/// <summary>Who is told about anomalies, above which thresholds, how often and where.</summary>
public sealed class AlertSubscription
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public decimal? MinImpactAmount { get; set; }
    public double? MinImpactPercent { get; set; }
    /// <summary><c>immediate</c> or <c>daily</c>.</summary>
    public string Frequency { get; set; } = "immediate";
    /// <summary><c>slack</c>, <c>teams</c> or <c>webhook</c>.</summary>
    public string Channel { get; set; } = "webhook";
    /// <summary>Vault path or configuration key naming the webhook URL; the URL is a secret.</summary>
    public required string WebhookSecretRef { get; set; }
    public string? ScopeFilter { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastNotifiedAt { get; set; }
}
