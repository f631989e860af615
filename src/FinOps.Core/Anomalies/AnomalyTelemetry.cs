using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FinOps.Core.Anomalies;

/// <summary>The anomaly area's one <see cref="ActivitySource"/> and <see cref="Meter"/>.</summary>
public static class AnomalyTelemetry
{
    public const string Name = "FinOps.Anomalies";

    public static readonly ActivitySource ActivitySource = new(Name);
    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> Detected = Meter.CreateCounter<long>("finops.anomalies.detected", description: "Anomalies newly reported by detection runs");
    public static readonly Counter<long> NotificationsSent = Meter.CreateCounter<long>("finops.anomalies.notifications", description: "Alert messages delivered to webhooks");
    public static readonly Histogram<double> ScoringDuration = Meter.CreateHistogram<double>("finops.anomalies.scoring.duration", "s", "Time spent scoring the series of a run");
}
