using System.Text.Json.Serialization;

namespace FinOps.Core.Anomalies;

/// <summary>One contributor to an anomaly's $ delta: a value of a dimension inside the anomaly's scope.</summary>
/// <param name="Dimension"><c>sub_account</c>, <c>service</c>, <c>region</c>, <c>resource</c> or <c>usage_type</c>.</param>
/// <param name="Share">Delta over the anomaly's whole delta (can exceed 1 when other values went down).</param>
public sealed record RootCause(
    [property: JsonPropertyName("dimension")] string Dimension,
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("actual")] decimal Actual,
    [property: JsonPropertyName("expected")] decimal Expected,
    [property: JsonPropertyName("delta")] decimal Delta,
    [property: JsonPropertyName("share")] double Share);

/// <summary>
/// Contribution analysis: for each value of a dimension, the day's spend against what that value usually spends on the same
/// weekday (the median of the reference days), rescaled so the values' expectations add up to the anomaly's expected spend;
/// the values are ranked by the part of the delta they carry. Pure: the caller supplies the spend per value and day.
/// </summary>
public static class ContributionAnalysis
{
    /// <param name="actual">Spend per value on the anomalous day.</param>
    /// <param name="references">Spend per value on each reference day (same weekday, earlier weeks).</param>
    public static List<RootCause> Rank(
        string dimension, IReadOnlyDictionary<string, double> actual, IReadOnlyList<IReadOnlyDictionary<string, double>> references,
        double scopeExpected, double scopeDelta, int top)
    {
        var values = actual.Keys.Concat(references.SelectMany(r => r.Keys)).Distinct().ToList();
        var expected = new Dictionary<string, double>(values.Count);
        var buffer = new double[Math.Max(1, references.Count)];
        foreach (var v in values)
        {
            for (var i = 0; i < references.Count; i++)
            {
                buffer[i] = references[i].GetValueOrDefault(v);
            }
            expected[v] = references.Count == 0 ? 0 : Detection.RobustStatistics.MedianInPlace(buffer.AsSpan(0, references.Count));
        }
        var sum = expected.Values.Sum();
        var rescale = sum > 0 && scopeExpected > 0 ? scopeExpected / sum : 1.0;
        return values
            .Select(v =>
            {
                var a = actual.GetValueOrDefault(v);
                var e = expected[v] * rescale;
                var delta = a - e;
                return new RootCause(dimension, v, Money(a), Money(e), Money(delta), scopeDelta != 0 ? Math.Round(delta / scopeDelta, 4) : 0);
            })
            .Where(c => scopeDelta >= 0 ? c.Delta > 0 : c.Delta < 0)
            .OrderByDescending(c => Math.Abs(c.Delta))
            .ThenBy(c => c.Value, StringComparer.Ordinal)
            .Take(top)
            .ToList();
    }

    /// <summary>Every dimension's ranking merged, largest contributions first.</summary>
    public static List<RootCause> Merge(IEnumerable<List<RootCause>> rankings, int top) =>
        rankings.SelectMany(r => r).OrderByDescending(c => Math.Abs(c.Delta)).ThenBy(c => c.Dimension, StringComparer.Ordinal).Take(top).ToList();

    public static decimal Money(double value) => double.IsFinite(value) ? Math.Round((decimal)value, 4) : 0m;
}
