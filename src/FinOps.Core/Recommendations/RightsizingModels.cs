namespace FinOps.Core.Recommendations;

/// <summary>One utilization point: the period's average and maximum (percent for CPU and memory, bytes for network).</summary>
public readonly record struct MetricPoint(DateTimeOffset Start, int Seconds, double Average, double Maximum);

/// <summary>Everything measured about one instance over the lookback.</summary>
public sealed record ResourceUtilization(
    string ResourceId,
    string Provider,
    string? Region,
    string? InstanceType,
    IReadOnlyList<MetricPoint> Cpu,
    IReadOnlyList<MetricPoint> Memory,
    IReadOnlyList<MetricPoint> NetworkIn,
    IReadOnlyList<MetricPoint> NetworkOut);

/// <summary>What the bills say about one resource over the lookback.</summary>
/// <param name="BilledHours">Hours of compute usage billed (hour-priced usage lines).</param>
/// <param name="EffectiveCost">All effective cost of the resource.</param>
/// <param name="CoverageHours">Hours of the lookback that the bills cover (up to the last billed hour of the provider).</param>
public sealed record BillingFacts(decimal BilledHours, decimal EffectiveCost, decimal CoverageHours, string? Currency, string? SubAccountId);

public enum AnalysisOutcome
{
    Rightsize,
    IdleStop,
    /// <summary>The resource is sized well or nothing cheaper fits.</summary>
    NoChange,
    InsufficientData,
    /// <summary>The current type is not in the catalog (or has no known shape), so nothing can be compared.</summary>
    UnknownType,
}

/// <summary>The engine's verdict on one resource, with the evidence behind it (stored as the recommendation's evidence).</summary>
public sealed record RightsizingAnalysis(
    string ResourceId,
    string Provider,
    string? Region,
    AnalysisOutcome Outcome,
    string Reason,
    string? CurrentType,
    string? ProposedType,
    decimal EstimatedMonthlySavings,
    string Currency,
    RightsizingEvidence Evidence)
{
    public string? RecommendationType => Outcome switch
    {
        AnalysisOutcome.Rightsize => RecommendationTypes.Rightsize,
        AnalysisOutcome.IdleStop => RecommendationTypes.IdleStop,
        _ => null,
    };
}

/// <summary>Utilization figures of one metric over the lookback.</summary>
public sealed record UtilizationStats(double Hours, double Average, double Maximum, double P50, double P90, double P95, double P99, double Sized);

public sealed record TypeShape(string Type, decimal Vcpu, decimal MemoryGib, string? Architecture, string? Family, string? Generation, decimal? HourlyPrice, string? PricingRegion);

/// <summary>The evidence of a recommendation: what was measured, what was needed, what was chosen and why.</summary>
public sealed record RightsizingEvidence
{
    public required DateTimeOffset WindowStart { get; init; }
    public required DateTimeOffset WindowEnd { get; init; }
    public required int LookbackDays { get; init; }
    public required double Percentile { get; init; }
    public required string Statistic { get; init; }
    public UtilizationStats? Cpu { get; init; }
    public UtilizationStats? Memory { get; init; }
    public double? NetworkMegabytesPerDay { get; init; }
    public double CpuHeadroomPercent { get; init; }
    public double MemoryHeadroomPercent { get; init; }
    public decimal? RequiredVcpu { get; init; }
    public decimal? RequiredMemoryGib { get; init; }
    public string? MemoryBasis { get; init; }
    public TypeShape? Current { get; init; }
    public TypeShape? Proposed { get; init; }
    public int CandidatesConsidered { get; init; }
    public int CandidatesFitting { get; init; }
    public bool CrossFamily { get; init; }
    public string? IdleRule { get; init; }
    public int? LowUtilizationDays { get; init; }
    public decimal? BilledHours { get; init; }
    public string? HoursBasis { get; init; }
    public decimal? CoverageHours { get; init; }
    public string? SavingsFormula { get; init; }
    public required string Why { get; init; }
}

public static class RecommendationTypes
{
    public const string Rightsize = "rightsize";
    public const string IdleStop = "idle_stop";
    public const string IdleDelete = "idle_delete";
    public const string UnattachedStorage = "unattached_storage";

    public static readonly IReadOnlyList<string> All = [Rightsize, IdleStop, IdleDelete, UnattachedStorage];

    /// <summary>Types about a running instance: one resource has at most one of these active.</summary>
    public static bool IsCompute(string type) => type is Rightsize or IdleStop;
}
