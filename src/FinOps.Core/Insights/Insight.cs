namespace FinOps.Core.Insights;

/// <summary>A generated item for the Overview: something a FinOps lead should know or do.</summary>
public sealed class Insight
{
    public Guid Id { get; set; }
    public required string Kind { get; set; }
    public required string Title { get; set; }
    public required string Body { get; set; }
    public string Severity { get; set; } = "info";
    public string Links { get; set; } = "[]";
    /// <summary>Stable key so regenerating insights updates rather than duplicates.</summary>
    public required string DedupKey { get; set; }
    public DateOnly PeriodStart { get; set; }
    public DateOnly PeriodEnd { get; set; }
    public DateTimeOffset GeneratedAt { get; set; }
}
