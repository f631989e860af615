using FinOps.Core.Forecasting.Models;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.FastTree;

namespace FinOps.Tests.Unit.Forecasting;

public class TreeEnsembleTests
{
    private sealed class Row
    {
        [VectorType(3)]
        public float[] Features { get; set; } = [];

        public float Label { get; set; }
    }

    private sealed class Prediction
    {
        public float Score { get; set; }
    }

    [Fact]
    public void Copied_trees_score_exactly_as_ml_net_does()
    {
        var random = new Random(3);
        var rows = Enumerable.Range(0, 2000).Select(_ =>
        {
            var f = new[] { (float)random.NextDouble(), (float)random.NextDouble() * 10, random.Next(7) };
            return new Row { Features = f, Label = f[0] * 3 + (f[1] > 5 ? 2 : 0) - (f[2] >= 5 ? 1 : 0) };
        }).ToList();
        var ml = new MLContext(1);
        var model = ml.Regression.Trainers.FastTree(new FastTreeRegressionTrainer.Options { NumberOfTrees = 30, NumberOfLeaves = 8, NumberOfThreads = 1 })
            .Fit(ml.Data.LoadFromEnumerable(rows));
        var engine = ml.Model.CreatePredictionEngine<Row, Prediction>(model);

        var copied = TreeEnsemble.From(model.Model.TrainedTreeEnsemble);

        Assert.Equal(30, copied.TreeCount);
        foreach (var row in rows.Take(300))
        {
            Assert.Equal(engine.Predict(row).Score, copied.Evaluate(row.Features), 3);
        }
    }
}
