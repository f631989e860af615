using FinOps.Core.Anomalies.Detection;

namespace FinOps.Core.Anomalies.Evaluation;

/// <summary>Event-level quality of the detector on generated bills.</summary>
/// <param name="FalseFlags">Reported days outside every event's window.</param>
/// <param name="FeeDayFlags">False flags on month-start fee days.</param>
/// <param name="WeekendFlags">False flags on Saturdays and Sundays.</param>
/// <param name="MeanDaysToDetect">Days from an event's start to its first reported flag, over detected events.</param>
public sealed record DetectionQuality(
    int Series, int Events, int Detected, int FalseFlags, int FeeDayFlags, int WeekendFlags, double MeanDaysToDetect,
    IReadOnlyDictionary<string, (int Events, int Detected, double MeanDaysToDetect)> ByKind)
{
    public double Recall => Events == 0 ? 1 : (double)Detected / Events;
    public double Precision => Detected + FalseFlags == 0 ? 1 : (double)Detected / (Detected + FalseFlags);
    public double F1 => Precision + Recall == 0 ? 0 : 2 * Precision * Recall / (Precision + Recall);
}

/// <summary>Runs the detector over generated series and matches its reported days to the injected events.</summary>
public static class DetectionEvaluation
{
    public static DetectionQuality Evaluate(IEnumerable<SyntheticSeries> corpus, DetectorOptions options)
    {
        int series = 0, events = 0, detected = 0, falseFlags = 0, feeFlags = 0, weekendFlags = 0;
        var delays = new List<int>();
        var byKind = new Dictionary<string, (int Events, int Detected, List<int> Delays)>();
        foreach (var s in corpus)
        {
            series++;
            var scores = CostAnomalyDetector.ScoreAll(s.Values, s.Start, options);
            var fees = s.FeeDays.ToHashSet();
            for (var t = 0; t < scores.Length; t++)
            {
                if (!scores[t].IsAnomaly || s.Events.Any(e => t >= e.Start && t <= e.WindowEnd))
                {
                    continue;
                }
                falseFlags++;
                feeFlags += fees.Contains(t) ? 1 : 0;
                weekendFlags += s.Start.AddDays(t).DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? 1 : 0;
            }
            foreach (var e in s.Events)
            {
                events++;
                var kind = byKind.TryGetValue(e.Kind, out var k) ? k : (Events: 0, Detected: 0, Delays: new List<int>());
                kind.Events++;
                var first = -1;
                for (var t = e.Start; t <= e.WindowEnd; t++)
                {
                    if (scores[t].IsAnomaly)
                    {
                        first = t;
                        break;
                    }
                }
                if (first >= 0)
                {
                    detected++;
                    kind.Detected++;
                    delays.Add(first - e.Start);
                    kind.Delays.Add(first - e.Start);
                }
                byKind[e.Kind] = kind;
            }
        }
        return new DetectionQuality(series, events, detected, falseFlags, feeFlags, weekendFlags,
            delays.Count == 0 ? 0 : delays.Average(),
            byKind.ToDictionary(kv => kv.Key, kv => (kv.Value.Events, kv.Value.Detected, kv.Value.Delays.Count == 0 ? 0 : kv.Value.Delays.Average())));
    }
}
