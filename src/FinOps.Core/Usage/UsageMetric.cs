namespace FinOps.Core.Usage;

/// <summary>Utilization of one resource for one metric over one period (hour or day).</summary>
public sealed class UsageMetric
{
    public long Id { get; set; }
    public required string ResourceId { get; set; }
    public string? ProviderName { get; set; }
    public string? RegionId { get; set; }
    public string? InstanceType { get; set; }
    /// <summary><c>cpu</c>, <c>memory</c>, <c>network_in</c>, <c>network_out</c>.</summary>
    public required string Metric { get; set; }
    public DateTimeOffset PeriodStart { get; set; }
    public int PeriodSeconds { get; set; }
    public double Average { get; set; }
    public double Maximum { get; set; }
    public double? P95 { get; set; }
    public string? Unit { get; set; }
    public Guid? IngestionId { get; set; }
}
