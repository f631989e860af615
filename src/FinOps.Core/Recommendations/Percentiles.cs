namespace FinOps.Core.Recommendations;

/// <summary>Percentiles by linear interpolation between closest ranks (Excel PERCENTILE.INC, NumPy's default).</summary>
public static class Percentiles
{
    /// <summary><paramref name="sorted"/> ascending; <paramref name="percentile"/> from 0 to 100.</summary>
    public static double Of(IReadOnlyList<double> sorted, double percentile)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }
        var rank = percentile / 100.0 * (sorted.Count - 1);
        var lower = (int)Math.Floor(rank);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (rank - lower) * (sorted[upper] - sorted[lower]);
    }
}
