using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace FinOps.Core.Forecasting.Models;

/// <summary>
/// Gradient-boosted regression trees (ML.NET FastTree) on calendar and lag features, trained once per
/// batch across every series as a single global model, the way the M5 winners used LightGBM: one
/// model per scope would see a few hundred rows and cost ~100 ms of training each, a global model
/// learns weekday, month-end and momentum effects from all of them in about a second. Everything is
/// scaled by the series' 28-day mean level at the origin, so a $10/day service and a $10k/day account
/// share the trees. Forecasts are direct (one row per horizon), never recursive, so errors do not
/// compound. Trees are copied out of ML.NET into flat arrays, so prediction is allocation-free and
/// thread-safe.
/// </summary>
public sealed class BoostedTreesModel(TreeEnsemble ensemble) : IForecastModel
{
    public const string ModelName = "gbm_fasttree";
    internal const int FeatureCount = 12;
    internal const int MinOrigin = 28;

    public string Name => ModelName;

    internal TreeEnsemble Ensemble => ensemble;

    /// <summary>Options of the global training; the defaults were tuned on the bench's generated bills.</summary>
    public sealed record TrainingOptions(int Trees = 60, int Leaves = 16, int MinLeafRows = 20, double LearningRate = 0.15, int TotalRows = 40_000);

    /// <summary>
    /// Trains on every series with targets strictly before its cutoff index (the backtest passes the
    /// first backtest origin, production the series length), sampling origin and horizon pairs with a
    /// fixed seed. Returns null when there is too little history to learn from.
    /// </summary>
    public static BoostedTreesModel? Train(IReadOnlyList<ModelInput> series, IReadOnlyList<int> cutoffs, int maxHorizon, TrainingOptions options, int seed)
    {
        var random = new Random(seed);
        var perSeries = Math.Clamp(options.TotalRows / Math.Max(1, series.Count), 20, 4000);
        var rows = new List<TrainingRow>(perSeries * series.Count);
        var features = new float[FeatureCount];
        for (var s = 0; s < series.Count; s++)
        {
            var input = series[s];
            var prefix = new Prefixes(input.Values);
            var cutoff = cutoffs[s];
            for (var i = 0; i < perSeries; i++)
            {
                var h = random.Next(maxHorizon);
                var span = cutoff - h - MinOrigin;
                if (span < 1)
                {
                    continue;
                }
                var o = MinOrigin + random.Next(span);
                if (!Features(input, prefix, o, h, features, out var level))
                {
                    continue;
                }
                rows.Add(new TrainingRow { Features = (float[])features.Clone(), Label = (float)(input.Values[o + h] / level) });
            }
        }
        if (rows.Count < 200)
        {
            return null;
        }
        var ml = new MLContext(seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        var trainer = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options
        {
            NumberOfTrees = options.Trees,
            NumberOfLeaves = options.Leaves,
            MinimumExampleCountPerLeaf = options.MinLeafRows,
            LearningRate = options.LearningRate,
            NumberOfThreads = 1,
            Seed = seed,
        });
        var model = trainer.Fit(data);
        return new BoostedTreesModel(TreeEnsemble.From(model.Model.TrainedTreeEnsemble));
    }

    public void Predict(ModelInput input, int fitEnd, int first, int last, int horizon, double[][] output)
    {
        var prefix = new Prefixes(input.Values);
        var features = new float[FeatureCount];
        for (var o = first; o <= last; o++)
        {
            var row = output[o - first];
            for (var h = 0; h < horizon; h++)
            {
                if (o >= MinOrigin && Features(input, prefix, o, h, features, out var level))
                {
                    row[h] = ensemble.Evaluate(features) * level;
                }
                else
                {
                    // Too little history for the lag features: fall back to last week's same weekday.
                    var source = o - 7 + (h % 7);
                    row[h] = source >= 0 ? input.Values[source] : (o > 0 ? input.Values[o - 1] : 0);
                }
            }
        }
    }

    /// <summary>The feature row of target <c>y[o + h]</c> seen from origin <c>o</c>; false when the series is all zeros there.</summary>
    internal static bool Features(ModelInput input, Prefixes prefix, int o, int h, Span<float> f, out double level)
    {
        var y = input.Values;
        double Mean(int from, int to) => (prefix.Sum[to] - prefix.Sum[from]) / (to - from);
        var sum = prefix.Sum[o] - prefix.Sum[o - 28];
        var sumSq = prefix.Squares[o] - prefix.Squares[o - 28];
        level = (prefix.Abs[o] - prefix.Abs[o - 28]) / 28;
        if (level < 1e-9)
        {
            return false;
        }
        var target = input.Start.AddDays(o + h);
        var k = h % 7;
        var daysInMonth = DateTime.DaysInMonth(target.Year, target.Month);
        var mean28 = sum / 28;
        f[0] = h;
        f[1] = (int)target.DayOfWeek;
        f[2] = target.Day;
        f[3] = daysInMonth - target.Day;
        f[4] = (float)(Mean(o - 7, o) / level);
        f[5] = (float)(Mean(o - 14, o - 7) / level);
        f[6] = (float)(Mean(o - 28, o - 14) / level);
        f[7] = (float)(y[o - 7 + k] / level);
        f[8] = (float)((y[o - 7 + k] + y[o - 14 + k] + y[o - 21 + k] + y[o - 28 + k]) / 4 / level);
        f[9] = (float)(y[o - 1] / level);
        f[10] = o >= 56 ? (float)((mean28 - Mean(o - 56, o - 28)) / level) : 0f;
        f[11] = (float)(Math.Sqrt(Math.Max(0, sumSq / 28 - mean28 * mean28)) / level);
        return true;
    }

    /// <summary>Running sums that make every window mean of the features O(1).</summary>
    internal sealed class Prefixes
    {
        public Prefixes(double[] y)
        {
            Sum = new double[y.Length + 1];
            Abs = new double[y.Length + 1];
            Squares = new double[y.Length + 1];
            for (var i = 0; i < y.Length; i++)
            {
                Sum[i + 1] = Sum[i] + y[i];
                Abs[i + 1] = Abs[i] + Math.Abs(y[i]);
                Squares[i + 1] = Squares[i] + y[i] * y[i];
            }
        }

        public double[] Sum { get; }
        public double[] Abs { get; }
        public double[] Squares { get; }
    }

    private sealed class TrainingRow
    {
        [VectorType(FeatureCount)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }
}

/// <summary>A boosted tree ensemble copied into flat arrays: bias plus the weighted sum of tree outputs.</summary>
/// <remarks>All trees share one set of node arrays (offset per tree) so evaluation walks contiguous memory.</remarks>
public sealed class TreeEnsemble
{
    private readonly double bias;
    private readonly double[] weights;
    private readonly int[] nodeOffset;
    private readonly int[] leafOffset;
    private readonly int[] left;
    private readonly int[] right;
    private readonly int[] feature;
    private readonly float[] threshold;
    private readonly double[] leaves;

    private TreeEnsemble(double bias, double[] weights, int[] nodeOffset, int[] leafOffset, int[] left, int[] right, int[] feature, float[] threshold, double[] leaves) =>
        (this.bias, this.weights, this.nodeOffset, this.leafOffset, this.left, this.right, this.feature, this.threshold, this.leaves) =
        (bias, weights, nodeOffset, leafOffset, left, right, feature, threshold, leaves);

    public int TreeCount => weights.Length;

    internal static TreeEnsemble From(RegressionTreeEnsemble ensemble)
    {
        var count = ensemble.Trees.Count;
        var nodeOffset = new int[count + 1];
        var leafOffset = new int[count + 1];
        for (var i = 0; i < count; i++)
        {
            nodeOffset[i + 1] = nodeOffset[i] + ensemble.Trees[i].LeftChild.Count;
            leafOffset[i + 1] = leafOffset[i] + ensemble.Trees[i].LeafValues.Count;
        }
        var left = new int[nodeOffset[count]];
        var right = new int[nodeOffset[count]];
        var feature = new int[nodeOffset[count]];
        var threshold = new float[nodeOffset[count]];
        var leaves = new double[leafOffset[count]];
        for (var i = 0; i < count; i++)
        {
            var t = ensemble.Trees[i];
            for (var n = 0; n < t.LeftChild.Count; n++)
            {
                left[nodeOffset[i] + n] = t.LeftChild[n];
                right[nodeOffset[i] + n] = t.RightChild[n];
                feature[nodeOffset[i] + n] = t.NumericalSplitFeatureIndexes[n];
                threshold[nodeOffset[i] + n] = t.NumericalSplitThresholds[n];
            }
            for (var l = 0; l < t.LeafValues.Count; l++)
            {
                leaves[leafOffset[i] + l] = t.LeafValues[l];
            }
        }
        return new TreeEnsemble(ensemble.Bias, [.. ensemble.TreeWeights], nodeOffset, leafOffset, left, right, feature, threshold, leaves);
    }

    /// <summary>FastTree's convention: go left when feature ≤ threshold; a negative child is the complement of a leaf index.</summary>
    public double Evaluate(ReadOnlySpan<float> features)
    {
        var score = bias;
        for (var i = 0; i < weights.Length; i++)
        {
            var offset = nodeOffset[i];
            if (nodeOffset[i + 1] == offset)
            {
                score += weights[i] * leaves[leafOffset[i]];
                continue;
            }
            var node = 0;
            while (node >= 0)
            {
                var at = offset + node;
                node = features[feature[at]] <= threshold[at] ? left[at] : right[at];
            }
            score += weights[i] * leaves[leafOffset[i] + ~node];
        }
        return score;
    }
}
