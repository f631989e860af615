using FinOps.Core.Anomalies.Detection;
using FinOps.Core.Anomalies.Evaluation;

namespace FinOps.Tests.Unit.Anomalies;

public sealed class CostAnomalyDetectorTests
{
    private static readonly DetectorOptions Defaults = new();
    private static readonly DateOnly Start = new(2025, 3, 3); // a Monday

    /// <summary>A flat weekday/weekend bill with a small deterministic wobble, in dollars.</summary>
    private static double[] Bill(int days, double weekday = 1000, double weekend = 500, int seed = 7)
    {
        var rng = new Random(seed);
        var values = new double[days];
        for (var i = 0; i < days; i++)
        {
            var dow = Start.AddDays(i).DayOfWeek;
            values[i] = (dow is DayOfWeek.Saturday or DayOfWeek.Sunday ? weekend : weekday) * (1 + 0.02 * (rng.NextDouble() - 0.5));
        }
        return values;
    }

    [Fact]
    public void Generated_bills_reach_recall_90_and_precision_80_for_events_of_20_to_150_percent()
    {
        var quality = DetectionEvaluation.Evaluate(Enumerable.Range(1, 100).Select(seed => SyntheticBills.Generate(seed)), Defaults);

        Assert.True(quality.Events >= 350, $"only {quality.Events} events generated");
        Assert.True(quality.Recall >= 0.9, $"recall {quality.Recall:F3} ({quality.Detected}/{quality.Events})");
        Assert.True(quality.Precision >= 0.8, $"precision {quality.Precision:F3} ({quality.FalseFlags} false flags)");
        foreach (var (kind, k) in quality.ByKind)
        {
            Assert.True((double)k.Detected / k.Events >= 0.9, $"{kind}: {k.Detected}/{k.Events}");
        }
        Assert.Equal(0, quality.FeeDayFlags);
    }

    [Theory]
    [InlineData(0.4)]
    [InlineData(0.75)]
    [InlineData(1.6)]
    public void Weekly_patterns_and_month_start_fees_are_never_flagged(double weekendFactor)
    {
        var flagged = new List<string>();
        foreach (var seed in Enumerable.Range(1, 20))
        {
            // 2% noise: the weekly pattern and the fees are under test here, not rare noise draws (the harness counts those).
            var bill = SyntheticBills.Generate(seed, withEvents: false, noise: 0.02, weekendFactor: weekendFactor, monthlyFee: true);
            var scores = CostAnomalyDetector.ScoreAll(bill.Values, bill.Start, Defaults);
            for (var t = 0; t < scores.Length; t++)
            {
                var day = bill.Start.AddDays(t);
                var weekend = day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday;
                if (scores[t].IsAnomaly && (weekend || bill.FeeDays.Contains(t)))
                {
                    flagged.Add($"seed {seed} {day:ddd yyyy-MM-dd} z={scores[t].Score:F1}");
                }
            }
            Assert.True(bill.FeeDays.Count >= 11, "every series carries monthly fees");
        }
        Assert.Empty(flagged);
    }

    [Fact]
    public void Spike_is_flagged_on_its_day_with_the_expected_value_and_band_of_an_ordinary_weekday()
    {
        var values = Bill(120);
        var day = 100; // a Friday
        values[day] += 600;

        var scores = CostAnomalyDetector.ScoreAll(values, Start, Defaults);

        var s = scores[day];
        Assert.True(s.IsAnomaly);
        Assert.Equal(AnomalyKind.Spike, s.Kind);
        Assert.InRange(s.Expected, 970, 1030);
        Assert.InRange(s.Impact, 550, 650);
        Assert.True(s.Upper < 1300 && s.Lower > 700, $"band {s.Lower:F0}..{s.Upper:F0}");
        Assert.Equal([day], Enumerable.Range(0, values.Length).Where(i => scores[i].IsAnomaly));
    }

    [Fact]
    public void Level_shift_is_reported_once_and_becomes_the_new_normal()
    {
        var values = Bill(200);
        for (var i = 120; i < values.Length; i++)
        {
            values[i] *= 1.5;
        }

        var scores = CostAnomalyDetector.ScoreAll(values, Start, Defaults);

        Assert.Equal([120], Enumerable.Range(0, values.Length).Where(i => scores[i].IsAnomaly));
        Assert.True(scores[121].Ongoing);
        Assert.All(scores[170..], s => Assert.False(s.OutsideBand));
        Assert.InRange(scores[199].Expected, 0.9 * values[199], 1.1 * values[199]);
    }

    [Fact]
    public void Slow_drift_is_caught_as_a_drift_before_it_ends()
    {
        var values = Bill(200);
        for (var i = 110; i < values.Length; i++)
        {
            values[i] *= 1 + 0.6 * Math.Min(1.0, (i - 109) / 28.0);
        }

        var scores = CostAnomalyDetector.ScoreAll(values, Start, Defaults);

        var flagged = Enumerable.Range(0, values.Length).Where(i => scores[i].IsAnomaly).ToList();
        Assert.NotEmpty(flagged);
        Assert.InRange(flagged[0], 110, 138);
        Assert.All(flagged, i => Assert.InRange(i, 110, 145));
    }

    [Fact]
    public void Days_need_14_days_of_history_and_missing_days_are_skipped()
    {
        var values = Bill(60);
        foreach (var gap in new[] { 5, 20, 21, 40 })
        {
            values[gap] = double.NaN;
        }

        var scores = CostAnomalyDetector.ScoreAll(values, Start, Defaults);

        // Day 14 has 13 days with data before it (day 5 is missing); day 15 has 14 but its weekday profile lacks a Saturday
        // (the profile needs three days after a day to centre it); from day 18 on every weekday has been seen.
        Assert.False(scores[14].Scored);
        Assert.True(scores[18].Scored);
        Assert.False(scores[20].Scored);
        Assert.False(scores[40].Scored);
        Assert.True(scores[41].Scored);
        Assert.DoesNotContain(scores, s => s.IsAnomaly);
    }

    [Fact]
    public void A_day_scores_the_same_whatever_range_is_asked_for()
    {
        var bill = SyntheticBills.Generate(42);
        var all = CostAnomalyDetector.ScoreAll(bill.Values, bill.Start, Defaults);
        var part = new DayScore[3];

        CostAnomalyDetector.Score(bill.Values, bill.Start, 300, 302, Defaults, part);

        Assert.Equal(all[300..303], part);
    }

    [Fact]
    public void A_wider_threshold_from_feedback_lets_a_moderate_spike_pass()
    {
        var values = Bill(120);
        values[100] += 250; // +25% on a 1% wobble

        var normal = CostAnomalyDetector.ScoreAll(values, Start, Defaults);
        var widened = CostAnomalyDetector.ScoreAll(values, Start, Defaults, thresholdMultiplier: 8);

        Assert.True(normal[100].IsAnomaly);
        Assert.False(widened[100].IsAnomaly);
        Assert.True(widened[100].Upper > normal[100].Upper);
    }

    [Fact]
    public void Minimum_impact_in_dollars_and_percent_gates_statistically_clear_days()
    {
        var values = Bill(120, weekday: 40, weekend: 20);
        values[100] += 8; // 20% of a 40 $ day, far outside a 1% wobble, but under the 10 $ minimum.

        Assert.False(CostAnomalyDetector.ScoreAll(values, Start, Defaults)[100].IsAnomaly);
        Assert.True(CostAnomalyDetector.ScoreAll(values, Start, Defaults with { MinImpactAmount = 5 })[100].IsAnomaly);
        Assert.False(CostAnomalyDetector.ScoreAll(values, Start, Defaults with { MinImpactAmount = 5, MinImpactPercent = 25 })[100].IsAnomaly);
    }
}
