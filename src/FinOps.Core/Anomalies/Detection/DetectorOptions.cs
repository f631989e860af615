using System.ComponentModel.DataAnnotations;

namespace FinOps.Core.Anomalies.Detection;

/// <summary>
/// Tuning of <see cref="CostAnomalyDetector"/>; bound from <c>Anomalies:Detector</c>. The defaults are the ones the
/// evaluation harness (bench/FinOps.Bench.Anomalies) measured; change them there first.
/// </summary>
public sealed record DetectorOptions
{
    /// <summary>Days of history a score looks back on at most.</summary>
    [Range(28, 400)] public int HistoryDays { get; init; } = 90;

    /// <summary>Days with data needed before a scope is scored at all.</summary>
    [Range(7, 90)] public int MinHistoryDays { get; init; } = 14;

    /// <summary>Robust z (actual − expected over the scale) from which a day is anomalous; also the half-width of the band in scales.</summary>
    [Range(1.0, 20.0)] public double Threshold { get; init; } = 4.0;

    /// <summary>The scale never goes below this share of the expected value, so perfectly flat series do not alert on cents.</summary>
    [Range(0.0, 50.0)] public double ScaleFloorPercent { get; init; } = 2.0;

    /// <summary>Minimum $ above expected for a day to be an anomaly (in the scope's billing currency).</summary>
    [Range(0.0, 1e9)] public double MinImpactAmount { get; init; } = 10;

    /// <summary>Minimum % above expected for a day to be an anomaly.</summary>
    [Range(0.0, 1000.0)] public double MinImpactPercent { get; init; } = 15;

    /// <summary>Weeks of history behind the weekday profile.</summary>
    [Range(2, 13)] public int SeasonWeeks { get; init; } = 8;

    /// <summary>The first day of a month is compared with earlier first days (fees, commitments) rather than with ordinary days.</summary>
    public bool MonthStartAware { get; init; } = true;

    /// <summary>Also flag slow drifts: the recent level against the level of 4–6 weeks ago projected along its own trend.</summary>
    public bool DetectDrift { get; init; } = true;

    /// <summary>Minimum drift, in % of the projected level, to flag a drift.</summary>
    [Range(1.0, 1000.0)] public double DriftPercent { get; init; } = 15;

    /// <summary>A flag within this many days of the previous flag on the same scope continues that event instead of raising a new one.</summary>
    [Range(0, 60)] public int OngoingDays { get; init; } = 7;

    /// <summary>An ongoing event raises a new anomaly when the day's impact reaches this multiple of the event's first impact.</summary>
    [Range(1.0, 100.0)] public double EscalationFactor { get; init; } = 2.0;

    /// <summary>Flag drops as well as increases (off by default: a drop in spend is rarely what cost owners are paged for).</summary>
    public bool DetectDecreases { get; init; }
}
