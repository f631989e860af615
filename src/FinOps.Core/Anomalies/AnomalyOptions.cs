using System.ComponentModel.DataAnnotations;
using FinOps.Core.Anomalies.Detection;

namespace FinOps.Core.Anomalies;

/// <summary>Anomaly detection settings, bound from the <c>Anomalies</c> section.</summary>
public sealed class AnomalyOptions
{
    public const string Section = "Anomalies";

    /// <summary>The detector's tuning (thresholds, minimum impact in $ and %, history).</summary>
    public DetectorOptions Detector { get; set; } = new();

    /// <summary>Without <c>--since</c>, the job scores this many of the latest days that have data.</summary>
    [Range(1, 60)] public int RecentDays { get; set; } = 3;

    /// <summary>Tag keys whose values are scopes of their own (read from the line items' tags; none by default).</summary>
    public string[] TagKeys { get; set; } = [];

    /// <summary>A flagged narrower scope explains a flagged broader one when its impact is at least this share of the broader one's.</summary>
    [Range(0.1, 1.0)] public double ExplainShare { get; set; } = 0.6;

    /// <summary>
    /// After feedback <c>no</c> or <c>planned_activity</c> on a scope, its anomalies of the next days do not alert again (recorded
    /// closed). Longer than the detector's ongoing-event window, which already folds flags of the following week into the event.
    /// </summary>
    [Range(0, 90)] public int FeedbackQuietDays { get; set; } = 14;

    /// <summary>Each <c>no</c> on a scope in the last <see cref="FeedbackLookBackDays"/> days widens its threshold by this share…</summary>
    [Range(0.0, 2.0)] public double WideningPerNo { get; set; } = 0.25;

    /// <summary>…up to this multiple of the configured threshold.</summary>
    [Range(1.0, 10.0)] public double MaxWidening { get; set; } = 2.0;

    [Range(1, 365)] public int FeedbackLookBackDays { get; set; } = 90;

    /// <summary>Root causes kept per anomaly.</summary>
    [Range(1, 50)] public int MaxRootCauses { get; set; } = 10;

    /// <summary>Impact in $ from which an anomaly is at least <c>high</c> (with ≥ 50%) or <c>critical</c> (with ≥ 100%).</summary>
    [Range(0.0, 1e12)] public double HighImpactAmount { get; set; } = 100;

    [Range(0.0, 1e12)] public double CriticalImpactAmount { get; set; } = 1000;
}
