namespace FinOps.Core.Billing;

/// <summary>
/// Rollup of billing rows by day × provider × billing account × sub-account × service × region ×
/// charge category × currency, per ingestion. Keeping the ingestion in the key lets a re-ingested
/// billing period replace exactly its own rollup rows inside the same transaction.
/// </summary>
public sealed class DailyCost
{
    public long Id { get; set; }
    public DateOnly Day { get; set; }
    public DateOnly BillingPeriodStart { get; set; }
    public Guid IngestionId { get; set; }
    public string? ProviderName { get; set; }
    public string? BillingAccountId { get; set; }
    public string? SubAccountId { get; set; }
    public string? SubAccountName { get; set; }
    public string? ServiceName { get; set; }
    public string? ServiceCategory { get; set; }
    public string? RegionId { get; set; }
    public required string ChargeCategory { get; set; }
    public required string BillingCurrency { get; set; }
    public decimal BilledCost { get; set; }
    public decimal EffectiveCost { get; set; }
    public decimal ListCost { get; set; }
    public long LineCount { get; set; }
}
