using System.Globalization;
using System.Text.Json;

namespace FinOps.Core.Anomalies.Evaluation;

/// <summary>One data file of the Numenta Anomaly Benchmark with its labelled anomaly windows.</summary>
public sealed record NabFile(string Name, DateTime[] Timestamps, double[] Values, IReadOnlyList<(DateTime Start, DateTime End)> Windows);

/// <summary>A NAB cost matrix (<c>config/profiles.json</c>).</summary>
public sealed record NabProfile(string Name, double TpWeight, double FpWeight, double FnWeight);

/// <summary>A detector's NAB result for one profile: raw score at the best threshold and the normalized score.</summary>
public sealed record NabResult(string Profile, double Threshold, double RawScore, double NullScore, double PerfectScore, int Windows)
{
    /// <summary>100 × (raw − null) / (perfect − null), as NAB's scoreboard reports.</summary>
    public double Normalized => 100 * (RawScore - NullScore) / (PerfectScore - NullScore);
}

/// <summary>Reads the NAB corpus as laid out in its repository: <c>data/</c>, <c>labels/combined_windows.json</c>, <c>config/profiles.json</c>.</summary>
public static class NabCorpus
{
    private const string TimestampFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>Every labelled file present under <c>data/</c> (a partial copy of the corpus scores what it has).</summary>
    public static IReadOnlyList<NabFile> Load(string root)
    {
        using var labels = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "labels", "combined_windows.json")));
        var files = new List<NabFile>();
        foreach (var entry in labels.RootElement.EnumerateObject().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            var path = Path.Combine(root, "data", entry.Name);
            if (!File.Exists(path))
            {
                continue;
            }
            var windows = entry.Value.EnumerateArray()
                .Select(w => (Parse(w[0].GetString()!), Parse(w[1].GetString()!)))
                .ToList();
            var timestamps = new List<DateTime>();
            var values = new List<double>();
            foreach (var line in File.ReadLines(path).Skip(1))
            {
                var comma = line.IndexOf(',');
                if (comma < 0)
                {
                    continue;
                }
                timestamps.Add(Parse(line[..comma]));
                values.Add(double.Parse(line[(comma + 1)..], CultureInfo.InvariantCulture));
            }
            files.Add(new NabFile(entry.Name, timestamps.ToArray(), values.ToArray(), windows));
        }
        return files;
    }

    /// <summary>The cost matrices of <c>config/profiles.json</c>.</summary>
    public static IReadOnlyList<NabProfile> Profiles(string root)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "config", "profiles.json")));
        return doc.RootElement.EnumerateObject().Select(p =>
        {
            var m = p.Value.GetProperty("CostMatrix");
            return new NabProfile(p.Name, m.GetProperty("tpWeight").GetDouble(), m.GetProperty("fpWeight").GetDouble(), m.GetProperty("fnWeight").GetDouble());
        }).ToList();
    }

    /// <summary>Published standard/low-FP/low-FN scores per detector from <c>results/final_results.json</c>.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyDictionary<string, double>> PublishedResults(string root)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "results", "final_results.json")));
        return doc.RootElement.EnumerateObject().ToDictionary(
            d => d.Name,
            d => (IReadOnlyDictionary<string, double>)d.Value.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetDouble()));
    }

    private static DateTime Parse(string s) =>
        DateTime.ParseExact(s.Length > TimestampFormat.Length ? s[..TimestampFormat.Length] : s, TimestampFormat, CultureInfo.InvariantCulture);
}

/// <summary>
/// NAB's scoring, transcribed from its <c>sweeper.py</c>: the first 15% of each file (at most 750 rows) is probationary and
/// ignored; a detection inside a window earns tpWeight × the scaled sigmoid of its position (earlier is better, only the best
/// detection of a window counts); a window without detection costs fnWeight; a detection outside windows costs fpWeight ×
/// a sigmoid of its distance after the previous window (−1 before any window). One threshold applies to the whole corpus and
/// is the one maximizing the total, found exactly here by a sweep rather than NAB's hill climbing.
/// </summary>
public static class NabScorer
{
    public const double ProbationPercent = 0.15;

    private readonly record struct Point(double AnomalyScore, double SweepScore, int Window);

    public static NabResult Score(IReadOnlyList<NabFile> files, IReadOnlyList<double[]> anomalyScores, NabProfile profile)
    {
        var points = new List<Point>();
        var windowCount = 0;
        var scorableWindows = new HashSet<int>();
        for (var f = 0; f < files.Count; f++)
        {
            var file = files[f];
            foreach (var p in Sweep(file, anomalyScores[f], profile, windowCount))
            {
                if (p.Window != Probationary)
                {
                    points.Add(p);
                    if (p.Window >= 0)
                    {
                        scorableWindows.Add(p.Window);
                    }
                }
            }
            windowCount += file.Windows.Count;
        }

        // Every threshold, highest first: detections are the points scoring at least the threshold.
        points.Sort((a, b) => b.AnomalyScore.CompareTo(a.AnomalyScore));
        // Each window counts its best detection, or −fnWeight while it has none.
        var best = new double[windowCount];
        Array.Fill(best, -profile.FnWeight);
        var nullScore = -profile.FnWeight * scorableWindows.Count;
        var windowsPart = nullScore;
        var fpPart = 0.0;
        var bestTotal = nullScore;
        var bestThreshold = 1.1;
        for (var i = 0; i < points.Count; i++)
        {
            var p = points[i];
            if (p.Window < 0)
            {
                fpPart += p.SweepScore;
            }
            else if (p.SweepScore > best[p.Window])
            {
                windowsPart += p.SweepScore - best[p.Window];
                best[p.Window] = p.SweepScore;
            }
            // Only a complete threshold level is a candidate: ties detect together.
            if (i + 1 < points.Count && points[i + 1].AnomalyScore == p.AnomalyScore)
            {
                continue;
            }
            if (windowsPart + fpPart > bestTotal)
            {
                bestTotal = windowsPart + fpPart;
                bestThreshold = p.AnomalyScore;
            }
        }
        var perfect = profile.TpWeight * files.Sum(f => f.Windows.Count);
        return new NabResult(profile.Name, bestThreshold, bestTotal, nullScore, perfect, files.Sum(f => f.Windows.Count));
    }

    /// <summary>Per file at one threshold: score, windows detected, windows in total and false detections.</summary>
    public static IReadOnlyList<(string File, double Score, int Detected, int Windows, int FalsePositives)> Breakdown(
        IReadOnlyList<NabFile> files, IReadOnlyList<double[]> anomalyScores, NabProfile profile, double threshold)
    {
        var rows = new List<(string, double, int, int, int)>();
        for (var f = 0; f < files.Count; f++)
        {
            var points = Sweep(files[f], anomalyScores[f], profile, 0).Where(p => p.Window != Probationary).ToList();
            var windows = points.Where(p => p.Window >= 0).Select(p => p.Window).Distinct().ToList();
            var best = windows.ToDictionary(w => w, _ => -profile.FnWeight);
            var fp = 0;
            var fpScore = 0.0;
            foreach (var p in points.Where(p => p.AnomalyScore >= threshold))
            {
                if (p.Window < 0)
                {
                    fp++;
                    fpScore += p.SweepScore;
                }
                else
                {
                    best[p.Window] = Math.Max(best[p.Window], p.SweepScore);
                }
            }
            rows.Add((files[f].Name, best.Values.Sum() + fpScore, best.Values.Count(v => v > -profile.FnWeight), windows.Count, fp));
        }
        return rows;
    }

    private const int Probationary = int.MinValue;

    private static List<Point> Sweep(NabFile file, double[] scores, NabProfile profile, int windowOffset)
    {
        var ts = file.Timestamps;
        var n = ts.Length;
        var probation = Math.Min(Math.Floor(ProbationPercent * n), ProbationPercent * 5000);
        var maxTp = ScaledSigmoid(-1.0);
        var index = new Dictionary<DateTime, int>(n);
        for (var i = 0; i < n; i++)
        {
            index.TryAdd(ts[i], i);
        }
        var pending = new Queue<(int Start, int End, int Id)>(file.Windows.Select((w, k) => (index[w.Start], index[w.End], windowOffset + k)));
        var result = new List<Point>(n);
        (int Right, double Width, int Id)? current = null;
        int? previousRight = null;
        double previousWidth = 0;
        for (var i = 0; i < n; i++)
        {
            if (pending.Count > 0 && pending.Peek().Start == i)
            {
                var w = pending.Dequeue();
                current = (w.End, w.End - w.Start + 1, w.Id);
            }
            double sweep;
            var window = -1;
            if (current is { } c)
            {
                var position = -(c.Right - i + 1) / c.Width;
                sweep = ScaledSigmoid(position) * profile.TpWeight / maxTp;
                window = c.Id;
            }
            else
            {
                var position = previousRight is { } right ? Math.Abs(right - i) / (previousWidth - 1) : 3.0;
                sweep = ScaledSigmoid(position) * profile.FpWeight;
            }
            result.Add(new Point(scores[i], sweep, i >= probation ? window : Probationary));
            if (current is { } open && i == open.Right)
            {
                previousRight = i;
                previousWidth = open.Width;
                current = null;
            }
        }
        return result;
    }

    /// <summary>NAB's scaled sigmoid: 2·σ(−5x) − 1, and −1 from three window widths past a window.</summary>
    public static double ScaledSigmoid(double relativePosition) =>
        relativePosition >= 3.0 ? -1.0 : 2 / (1 + Math.Exp(5 * relativePosition)) - 1.0;
}
