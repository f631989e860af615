using FinOps.Core.Anomalies.Detection;

namespace FinOps.Core.Anomalies;

/// <summary>A day the detector reported for a scope, with its root causes and, once de-duplicated, the finding that explains it.</summary>
public sealed class AnomalyFinding(AnomalyScope scope, DateOnly day, DayScore score)
{
    public AnomalyScope Scope { get; } = scope;
    public DateOnly Day { get; } = day;
    public DayScore Score { get; } = score;
    public List<RootCause> RootCauses { get; set; } = [];

    /// <summary>The most specific finding that explains this one; null when this is the one to report.</summary>
    public AnomalyFinding? ExplainedBy { get; set; }

    public bool IsReported => ExplainedBy is null;
}

/// <summary>Severity from the relative and absolute size of the impact.</summary>
public static class AnomalySeverity
{
    public const string Low = "low";
    public const string Medium = "medium";
    public const string High = "high";
    public const string Critical = "critical";

    public static readonly IReadOnlyList<string> Ordered = [Low, Medium, High, Critical];

    public static int Rank(string severity) => Math.Max(0, Ordered.ToList().IndexOf(severity));

    public static string Of(double impact, double impactPercent, AnomalyOptions options)
    {
        var size = Math.Abs(impact);
        var percent = Math.Abs(impactPercent);
        return (size, percent) switch
        {
            _ when size >= options.CriticalImpactAmount && percent >= 100 => Critical,
            _ when size >= options.HighImpactAmount && percent >= 50 => High,
            _ when percent >= 25 => Medium,
            _ => Low,
        };
    }
}

/// <summary>
/// One event shows in several scopes at once: a service spiking in one account also lifts that account, the service across
/// accounts, its region and the total. The most specific flagged scope that carries at least
/// <see cref="AnomalyOptions.ExplainShare"/> of a broader one's delta explains it; only unexplained findings are reported.
/// Regions (which cut across the hierarchy) are explained by a reported finding whose root causes put that share in them.
/// </summary>
public static class AnomalyDeduplicator
{
    public static void Link(IReadOnlyList<AnomalyFinding> findings, double explainShare)
    {
        foreach (var group in findings.GroupBy(f => (f.Day, f.Scope.Category, f.Scope.Currency)))
        {
            var list = group.ToList();
            foreach (var f in list)
            {
                f.ExplainedBy = null;
            }
            foreach (var broad in list.OrderBy(f => ScopeDimensions.Specificity(f.Scope.Dimension)))
            {
                broad.ExplainedBy = list
                    .Where(n => broad.Scope.Contains(n.Scope) && Explains(n.Score.Impact, broad.Score.Impact, explainShare))
                    .OrderByDescending(n => ScopeDimensions.Specificity(n.Scope.Dimension))
                    .ThenByDescending(n => Math.Abs(n.Score.Impact))
                    .ThenBy(n => n.Scope.Label, StringComparer.Ordinal)
                    .FirstOrDefault();
            }
            // Regions cut across accounts and services: a reported finding explains a region when most of the region's
            // delta is that finding's delta in the region.
            LinkCrossCuts(list, ScopeDimensions.Region, explainShare);
            // Follow chains (total → service → service in account) so every finding points at a reported one.
            foreach (var f in list)
            {
                var hops = 0;
                while (f.ExplainedBy?.ExplainedBy is { } further && hops++ < 8)
                {
                    f.ExplainedBy = further;
                }
            }
        }
    }

    /// <summary>
    /// Explains findings of a cross-cutting dimension (region, tag) by a reported finding whose root causes carry at least
    /// <paramref name="explainShare"/> of their delta in that value (root cause dimension <c>region</c> or <c>tag:key</c>).
    /// </summary>
    public static void LinkCrossCuts(IReadOnlyList<AnomalyFinding> findings, string dimension, double explainShare)
    {
        foreach (var group in findings.GroupBy(f => (f.Day, f.Scope.Category, f.Scope.Currency)))
        {
            var list = group.ToList();
            foreach (var cut in list.Where(f => f.Scope.Dimension == dimension && f.ExplainedBy is null))
            {
                var (causeDimension, value) = dimension == ScopeDimensions.Tag
                    ? ($"tag:{cut.Scope.TagKey}", cut.Scope.TagValue ?? AnomalyScope.None)
                    : ("region", cut.Scope.RegionId ?? AnomalyScope.None);
                cut.ExplainedBy = list
                    .Where(f => f != cut && f.ExplainedBy is null && f.Scope.Dimension is not (ScopeDimensions.Total or ScopeDimensions.Region or ScopeDimensions.Tag))
                    .Select(f => (Finding: f, Delta: f.RootCauses.Where(c => c.Dimension == causeDimension && c.Value == value).Sum(c => (double)c.Delta)))
                    .Where(x => Explains(x.Delta, cut.Score.Impact, explainShare))
                    .OrderByDescending(x => Math.Abs(x.Delta))
                    .Select(x => x.Finding)
                    .FirstOrDefault();
            }
            // Anything that pointed at a finding now explained points further, at the reported one.
            foreach (var f in list)
            {
                var hops = 0;
                while (f.ExplainedBy?.ExplainedBy is { } further && hops++ < 8)
                {
                    f.ExplainedBy = further;
                }
            }
        }
    }

    private static bool Explains(double narrowDelta, double broadDelta, double share) =>
        broadDelta != 0 && Math.Sign(narrowDelta) == Math.Sign(broadDelta) && Math.Abs(narrowDelta) >= share * Math.Abs(broadDelta);
}
