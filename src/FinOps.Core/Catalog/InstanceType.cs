namespace FinOps.Core.Catalog;

/// <summary>An instance type's shape and on-demand price in one region, from a price-list file.</summary>
public sealed class InstanceType
{
    public long Id { get; set; }
    public required string Provider { get; set; }
    public required string Name { get; set; }
    public string? Family { get; set; }
    public string? Generation { get; set; }
    public decimal Vcpu { get; set; }
    public decimal MemoryGib { get; set; }
    public int GpuCount { get; set; }
    public string? Architecture { get; set; }
    public required string Region { get; set; }
    public string OperatingSystem { get; set; } = "Linux";
    public decimal? OnDemandHourly { get; set; }
    public string Currency { get; set; } = "USD";
    public required string Source { get; set; }
    public DateOnly EffectiveDate { get; set; }
}
