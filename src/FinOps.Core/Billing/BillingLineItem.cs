namespace FinOps.Core.Billing;

/// <summary>
/// One billing row normalized to FOCUS columns, whatever the source format. Stored in
/// <c>billing_line_items</c>, partitioned by month of <see cref="ChargePeriodStart"/>.
/// </summary>
public sealed class BillingLineItem
{
    public long Id { get; set; }
    public Guid IngestionId { get; set; }

    public string? ProviderName { get; set; }
    public string? PublisherName { get; set; }
    public string? InvoiceIssuerName { get; set; }
    public string? BillingAccountId { get; set; }
    public string? BillingAccountName { get; set; }
    public string? SubAccountId { get; set; }
    public string? SubAccountName { get; set; }

    public decimal BilledCost { get; set; }
    public decimal EffectiveCost { get; set; }
    public decimal? ListCost { get; set; }
    public decimal? ContractedCost { get; set; }
    public required string BillingCurrency { get; set; }

    public DateTimeOffset ChargePeriodStart { get; set; }
    public DateTimeOffset ChargePeriodEnd { get; set; }
    public DateTimeOffset BillingPeriodStart { get; set; }
    public DateTimeOffset BillingPeriodEnd { get; set; }

    public required string ChargeCategory { get; set; }
    public string? ChargeClass { get; set; }
    public string? ChargeFrequency { get; set; }
    public string? ChargeDescription { get; set; }

    public string? ServiceCategory { get; set; }
    public string? ServiceName { get; set; }
    public string? RegionId { get; set; }
    public string? RegionName { get; set; }
    public string? AvailabilityZone { get; set; }
    public string? ResourceId { get; set; }
    public string? ResourceName { get; set; }
    public string? ResourceType { get; set; }
    public string? SkuId { get; set; }
    public string? SkuPriceId { get; set; }
    public string? PricingCategory { get; set; }
    public string? PricingUnit { get; set; }
    public decimal? PricingQuantity { get; set; }
    public decimal? ListUnitPrice { get; set; }
    public decimal? ContractedUnitPrice { get; set; }
    public string? ConsumedUnit { get; set; }
    public decimal? ConsumedQuantity { get; set; }

    public string? CommitmentDiscountId { get; set; }
    public string? CommitmentDiscountName { get; set; }
    public string? CommitmentDiscountCategory { get; set; }
    public string? CommitmentDiscountType { get; set; }
    public string? CommitmentDiscountStatus { get; set; }

    /// <summary>Tags as a JSON object of string values (jsonb).</summary>
    public string? Tags { get; set; }

    public string? XInstanceType { get; set; }
    public string? XUsageType { get; set; }
    public string? XOperation { get; set; }
}
