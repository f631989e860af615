namespace FinOps.Core.Savings;

/// <summary>Savings of an applied recommendation measured from the bills before and after the change.</summary>
public sealed class Saving
{
    public Guid Id { get; set; }
    public Guid RecommendationId { get; set; }
    public DateOnly BaselineStart { get; set; }
    public DateOnly BaselineEnd { get; set; }
    public decimal BaselineCost { get; set; }
    public DateOnly PostStart { get; set; }
    public DateOnly PostEnd { get; set; }
    public decimal PostCost { get; set; }
    public decimal RealizedMonthlySavings { get; set; }
    public string Currency { get; set; } = "USD";
    public bool Validated { get; set; }
    public required string Method { get; set; }
    public string Details { get; set; } = "{}";
    public DateTimeOffset ComputedAt { get; set; }
}
