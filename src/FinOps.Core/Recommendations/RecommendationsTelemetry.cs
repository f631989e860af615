using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FinOps.Core.Recommendations;

/// <summary>The recommendations area's traces and metrics (<c>FinOps.Recommendations</c>).</summary>
public static class RecommendationsTelemetry
{
    public const string Name = "FinOps.Recommendations";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> ResourcesEvaluated = Meter.CreateCounter<long>(
        "finops.rightsizing.resources_evaluated", "{resource}", "Instances analysed by rightsizing runs.");

    public static readonly Histogram<double> RunDuration = Meter.CreateHistogram<double>(
        "finops.rightsizing.duration", "s", "Time of one rightsizing run.");

    public static readonly Counter<long> Transitions = Meter.CreateCounter<long>(
        "finops.recommendations.transitions", "{change}", "Recommendation status changes made by people or jobs, by status.");
}
