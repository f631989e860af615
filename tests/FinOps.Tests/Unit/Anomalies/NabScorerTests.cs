using FinOps.Core.Anomalies.Evaluation;
using FinOps.Tests.Fixtures;

namespace FinOps.Tests.Unit.Anomalies;

public sealed class NabScorerTests
{
    private static readonly NabProfile Standard = new("standard", 1.0, 0.11, 1.0);

    /// <summary>1,000 five-minute points with two labelled windows of 50 points.</summary>
    private static NabFile File()
    {
        var t0 = new DateTime(2024, 1, 1);
        var timestamps = Enumerable.Range(0, 1000).Select(i => t0.AddMinutes(5 * i)).ToArray();
        return new NabFile("test/file.csv", timestamps, new double[1000], [(timestamps[400], timestamps[449]), (timestamps[700], timestamps[749])]);
    }

    private static double[] Scores(params int[] detections)
    {
        var scores = new double[1000];
        foreach (var d in detections)
        {
            scores[d] = 1.0;
        }
        return scores;
    }

    [Fact]
    public void Scaled_sigmoid_matches_nab_reference_values()
    {
        Assert.Equal(0.98661, NabScorer.ScaledSigmoid(-1.0), 5);
        Assert.Equal(0.84828, NabScorer.ScaledSigmoid(-0.5), 5);
        Assert.Equal(0.0, NabScorer.ScaledSigmoid(0.0), 10);
        Assert.Equal(-0.98661, NabScorer.ScaledSigmoid(1.0), 5);
        Assert.Equal(-1.0, NabScorer.ScaledSigmoid(3.0));
    }

    [Fact]
    public void Null_detector_scores_zero_and_detections_at_window_starts_score_100()
    {
        var file = File();
        var none = NabScorer.Score([file], [Scores()], Standard);
        var perfect = NabScorer.Score([file], [Scores(400, 700)], Standard);

        Assert.Equal(-2.0, none.RawScore, 10);
        Assert.Equal(0.0, none.Normalized, 10);
        Assert.Equal(2.0, perfect.RawScore, 10);
        Assert.Equal(100.0, perfect.Normalized, 10);
    }

    [Fact]
    public void Late_detections_earn_less_only_the_best_per_window_counts_and_false_positives_cost()
    {
        var file = File();
        // Mid-window (position −0.5 of the window) counts 0.84828 / 0.98661.
        var mid = NabScorer.Score([file], [Scores(425)], Standard);
        Assert.Equal(-1.0 + 0.84828 / 0.98661, mid.RawScore, 4);

        // Two detections in one window count once, the earlier and better one.
        var twice = NabScorer.Score([file], [Scores(400, 425)], Standard);
        Assert.Equal(1.0 - 1.0, twice.RawScore, 4);

        // A detection long before any window costs the full fpWeight.
        var early = NabScorer.Score([file], [Scores(300, 400, 700)], Standard);
        Assert.Equal(2.0 - 0.11, early.RawScore, 4);
    }

    [Fact]
    public void Probationary_points_are_ignored_and_the_threshold_is_the_best_for_the_corpus()
    {
        var file = File();
        var scores = Scores(400, 700);
        scores[100] = 1.0; // inside the first 15%: ignored
        scores[550] = 0.9; // a false positive just below the detections
        var result = NabScorer.Score([file], [scores], Standard);

        Assert.Equal(2.0, result.RawScore, 10);
        Assert.Equal(1.0, result.Threshold);
    }

    [Fact]
    public void Robust_core_beats_the_windowed_gaussian_on_the_shared_nab_corpus()
    {
        var root = SharedData.Path("nab");
        var files = NabCorpus.Load(root);
        Assert.True(files.Count >= 40, $"{files.Count} NAB files found under {root}");

        var scores = files.Select(f => StreamingRobustDetector.Score(f.Values, new StreamingDetectorOptions(),
            StreamingRobustDetector.DailyPeriod(f.Timestamps, f.Values, 0.3))).ToList();
        var standard = NabScorer.Score(files, scores, NabCorpus.Profiles(root).Single(p => p.Name == "standard"));

        // windowedGaussian's published per-file results, summed over these same files, normalize to 23.5.
        Assert.True(standard.Normalized > 30, $"NAB standard score {standard.Normalized:F1}");
    }
}
