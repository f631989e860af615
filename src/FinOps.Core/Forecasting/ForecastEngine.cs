using FinOps.Core.Forecasting.Models;

namespace FinOps.Core.Forecasting;

/// <summary>Tuning of the engine; the defaults are what the bench measured (see bench/FinOps.Bench.Forecasting).</summary>
/// <param name="MinHistoryDays">Below this, no forecast ("about one billing cycle", as AWS Cost Explorer).</param>
/// <param name="BacktestDays">Rolling origins cover the last this-many days (one origin per day).</param>
/// <param name="SelectionHorizon">Models are ranked on their errors up to this many days ahead...</param>
/// <param name="SelectionWindow">...from origins in this many days before the last fully observed one.</param>
/// <param name="UseBoostedTrees">Whether the global gradient-boosted model is a candidate.</param>
public sealed record ForecastEngineOptions(
    int MinHistoryDays = 30,
    int BacktestDays = 120,
    int SelectionHorizon = 28,
    int SelectionWindow = 56,
    bool UseBoostedTrees = true,
    int Seed = 20261128,
    int MaxDegreeOfParallelism = -1)
{
    /// <summary>Evaluation only: also keep every candidate's production forecast (<see cref="ScopeForecast.CandidateForecasts"/>).</summary>
    public bool KeepCandidateForecasts { get; init; }

    public BoostedTreesModel.TrainingOptions Trees { get; init; } = new();
}

/// <summary>
/// Forecasts daily cost series with automatic model selection and calibrated intervals. Pure and
/// synchronous: histories in, forecasts out; no database, no clock.
/// For each series: usage is modelled by every candidate (weekly seasonal naive, damped Holt-Winters,
/// Theta, robust trend, global boosted trees, and the mean of the three strongest kinds), recurring
/// non-usage charges by <see cref="RecurringChargesModel"/>; a rolling-origin backtest over the last
/// <see cref="ForecastEngineOptions.BacktestDays"/> scores each on the total (MASE against the weekly
/// seasonal naive, sMAPE); the lowest MASE wins; its backtest errors give the intervals.
/// </summary>
public sealed class ForecastEngine(ForecastEngineOptions? options = null)
{
    public const string CombinationName = "combination";
    private const int MinTrain = 21;

    public ForecastEngineOptions Options { get; } = options ?? new ForecastEngineOptions();

    /// <summary>Candidate names in tie-break order (simpler first).</summary>
    public static IReadOnlyList<string> Candidates => CandidateOrder;

    private static readonly string[] CandidateOrder =
    [
        SeasonalNaiveModel.ModelName, HoltWintersModel.ModelName, ThetaModel.ModelName, RobustTrendModel.ModelName,
        BoostedTreesModel.ModelName, CombinationName,
    ];

    public ScopeForecast Forecast(CostHistory history, int horizon) => ForecastMany([history], horizon)[0];

    /// <summary>
    /// Forecasts <paramref name="horizon"/> days after each history's last day. The boosted-trees model is
    /// trained once on the whole batch (twice: at the backtest cutoff and on all data).
    /// </summary>
    public IReadOnlyList<ScopeForecast> ForecastMany(IReadOnlyList<CostHistory> histories, int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var prepared = histories.Select(h => h.Length >= Options.MinHistoryDays ? SeriesPreparation.Prepare(h) : null).ToArray();
        var eligible = Enumerable.Range(0, prepared.Length).Where(i => prepared[i] is not null).ToList();

        BoostedTreesModel? treesBacktest = null, treesProduction = null;
        if (Options.UseBoostedTrees)
        {
            var longEnough = eligible.Where(i => prepared[i]!.Total.Length >= BoostedTreesModel.MinOrigin + 28).ToList();
            if (longEnough.Count > 0)
            {
                var inputs = longEnough.Select(i => prepared[i]!.Usage).ToList();
                // Two independent single-threaded trainings: run them side by side.
                var backtestCutoffs = longEnough.Select(i => FirstOrigin(prepared[i]!.Total.Length)).ToList();
                var backtest = Task.Run(() => BoostedTreesModel.Train(inputs, backtestCutoffs, horizon, Options.Trees, Options.Seed));
                treesProduction = BoostedTreesModel.Train(inputs, inputs.Select(x => x.Length).ToList(), horizon, Options.Trees, Options.Seed + 1);
                treesBacktest = backtest.GetAwaiter().GetResult();
            }
        }

        var results = new ScopeForecast[histories.Count];
        Parallel.For(0, histories.Count, new ParallelOptions { MaxDegreeOfParallelism = Options.MaxDegreeOfParallelism }, i =>
        {
            results[i] = prepared[i] is { } p
                ? ForecastOne(p, horizon, treesBacktest, treesProduction)
                : new ScopeForecast(histories[i].Key, ForecastStatus.InsufficientHistory, histories[i].Length, histories[i].LastDay.AddDays(1));
        });
        return results;
    }

    private int FirstOrigin(int length) => Math.Max(MinTrain, length - Options.BacktestDays);

    private ScopeForecast ForecastOne(PreparedSeries p, int horizon, BoostedTreesModel? treesBacktest, BoostedTreesModel? treesProduction)
    {
        var T = p.Total.Length;
        var first = FirstOrigin(T);
        var last = T - 1;
        var origins = last - first + 1;
        var backtestHorizon = Math.Min(horizon, T - first);
        var useTrees = treesBacktest is not null && treesProduction is not null && T >= BoostedTreesModel.MinOrigin + 28;

        var statistical = new IForecastModel[] { new SeasonalNaiveModel(), new HoltWintersModel(), new ThetaModel(), new RobustTrendModel() };
        var backtestModels = useTrees ? [.. statistical, treesBacktest!] : statistical;

        // Backtest: every candidate's usage forecast plus the recurring charges, against the actual total.
        var other = Matrix(origins, backtestHorizon);
        new RecurringChargesModel().Predict(p.Other, first, first, last, backtestHorizon, other);
        var forecasts = new Dictionary<string, double[][]>();
        foreach (var model in backtestModels)
        {
            var m = Matrix(origins, backtestHorizon);
            model.Predict(p.Usage, first, first, last, backtestHorizon, m);
            Add(m, other);
            forecasts[model.Name] = m;
        }
        string[] combined = useTrees
            ? [HoltWintersModel.ModelName, ThetaModel.ModelName, BoostedTreesModel.ModelName]
            : [HoltWintersModel.ModelName, ThetaModel.ModelName, RobustTrendModel.ModelName];
        forecasts[CombinationName] = Mean(combined.Select(n => forecasts[n]).ToList());

        var scale = SeasonalNaiveScale(p, first);
        var scores = new List<ModelScore>();
        foreach (var name in Candidates.Where(forecasts.ContainsKey))
        {
            scores.Add(Score(name, forecasts[name], p, first, scale));
        }
        var best = scores.OrderBy(s => s.Mae).ThenBy(s => Array.IndexOf(CandidateOrder, s.Model)).First();
        scores = scores.Select(s => s with { Selected = s.Model == best.Model }).ToList();

        // Production: the winner refitted on all the history, from the day after the last one.
        var usage = Matrix(1, horizon);
        var productionModels = useTrees ? [.. statistical, treesProduction!] : statistical;
        if (best.Model == CombinationName)
        {
            var parts = combined.Select(n =>
            {
                var m = Matrix(1, horizon);
                productionModels.First(x => x.Name == n).Predict(p.Usage, T, T, T, horizon, m);
                return m;
            }).ToList();
            usage = Mean(parts);
        }
        else
        {
            productionModels.First(x => x.Name == best.Model).Predict(p.Usage, T, T, T, horizon, usage);
        }
        var recurring = Matrix(1, horizon);
        new RecurringChargesModel().Predict(p.Other, T, T, T, horizon, recurring);
        var candidates = Options.KeepCandidateForecasts ? CandidateForecasts(p, horizon, productionModels, combined, recurring[0]) : null;

        var errors = new ErrorModel(ScaledErrors(forecasts[best.Model], p, first), Level(p.Total, T), p.NonNegative);
        var quantiles = errors.PointQuantiles(horizon);
        var firstDay = p.Source.LastDay.AddDays(1);
        var floor = p.NonNegative ? 0 : double.NegativeInfinity;
        var points = new ForecastPoint[horizon];
        for (var h = 0; h < horizon; h++)
        {
            var predicted = Math.Max(floor, usage[0][h] + recurring[0][h]);
            var q = quantiles[h];
            // A model the backtest found biased gets intervals off-centre (that is what keeps them calibrated),
            // but never ones that exclude its own forecast: each bound is at least as wide as the point.
            points[h] = new ForecastPoint(firstDay.AddDays(h), predicted,
                Math.Max(floor, predicted + Math.Min(0, q.Q10)), Math.Max(floor, predicted + Math.Max(0, q.Q90)),
                Math.Max(floor, predicted + Math.Min(0, q.Q025)), Math.Max(floor, predicted + Math.Max(0, q.Q975)));
        }
        return new ScopeForecast(p.Source.Key, ForecastStatus.Ok, T, firstDay)
        {
            Model = best.Model,
            Scores = scores,
            Points = points,
            Errors = errors,
            CandidateForecasts = candidates,
        };
    }

    private static Dictionary<string, double[]> CandidateForecasts(
        PreparedSeries p, int horizon, IForecastModel[] models, string[] combined, double[] recurring)
    {
        var T = p.Total.Length;
        var result = new Dictionary<string, double[]>();
        foreach (var model in models)
        {
            var m = Matrix(1, horizon);
            model.Predict(p.Usage, T, T, T, horizon, m);
            result[model.Name] = m[0].Select((v, h) => v + recurring[h]).ToArray();
        }
        result[CombinationName] = Enumerable.Range(0, horizon).Select(h => combined.Average(n => result[n][h])).ToArray();
        return result;
    }

    /// <summary>Selection scores on origins whose next <see cref="ForecastEngineOptions.SelectionHorizon"/> days are all known (recent weeks first).</summary>
    private ModelScore Score(string name, double[][] f, PreparedSeries p, int first, double scale)
    {
        var T = p.Total.Length;
        var hs = Math.Min(Options.SelectionHorizon, f[0].Length);
        var lastOrigin = T - hs;
        var firstOrigin = Math.Max(first, lastOrigin - Options.SelectionWindow);
        if (lastOrigin < first)
        {
            // Short history: score whatever pairs exist.
            firstOrigin = first;
            lastOrigin = T - 1;
        }
        double abs = 0, bias = 0, smape = 0;
        int n = 0, ns = 0;
        for (var o = firstOrigin; o <= lastOrigin; o++)
        {
            for (var h = 0; h < hs && o + h < T; h++)
            {
                if (!p.Observed[o + h])
                {
                    continue;
                }
                var actual = p.Total[o + h];
                var forecast = f[o - first][h];
                var e = actual - forecast;
                abs += Math.Abs(e);
                bias += e;
                n++;
                var denominator = Math.Abs(actual) + Math.Abs(forecast);
                if (denominator > 0)
                {
                    smape += 200 * Math.Abs(e) / denominator;
                    ns++;
                }
            }
        }
        var mae = n == 0 ? double.PositiveInfinity : abs / n;
        return new ModelScore(name, scale > 0 && n > 0 ? mae / scale : null, ns > 0 ? smape / ns : null, n == 0 ? 0 : mae, n == 0 ? 0 : bias / n, n, false);
    }

    /// <summary>MASE's denominator: the weekly seasonal naive's in-sample mean absolute error before the backtest.</summary>
    private static double SeasonalNaiveScale(PreparedSeries p, int end)
    {
        double sum = 0;
        var n = 0;
        for (var t = 7; t < end; t++)
        {
            if (p.Observed[t] && p.Observed[t - 7])
            {
                sum += Math.Abs(p.Total[t] - p.Total[t - 7]);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static float[][] ScaledErrors(double[][] f, PreparedSeries p, int first)
    {
        var T = p.Total.Length;
        var result = new float[f.Length][];
        for (var i = 0; i < f.Length; i++)
        {
            var o = first + i;
            var level = Level(p.Total, o);
            var row = result[i] = new float[f[i].Length];
            for (var h = 0; h < row.Length; h++)
            {
                row[h] = o + h < T ? (float)((p.Total[o + h] - f[i][h]) / level) : float.NaN;
            }
        }
        return result;
    }

    /// <summary>Mean absolute daily cost over the 28 days before <paramref name="end"/>: the scale errors are measured in.</summary>
    private static double Level(double[] total, int end)
    {
        double sum = 0;
        var from = Math.Max(0, end - 28);
        for (var t = from; t < end; t++)
        {
            sum += Math.Abs(total[t]);
        }
        var level = sum / Math.Max(1, end - from);
        return level > 1e-9 ? level : 1;
    }

    private static double[][] Matrix(int rows, int columns)
    {
        var m = new double[rows][];
        for (var i = 0; i < rows; i++)
        {
            m[i] = new double[columns];
        }
        return m;
    }

    private static void Add(double[][] target, double[][] addend)
    {
        for (var i = 0; i < target.Length; i++)
        {
            for (var j = 0; j < target[i].Length; j++)
            {
                target[i][j] += addend[i][j];
            }
        }
    }

    private static double[][] Mean(IReadOnlyList<double[][]> parts)
    {
        var result = Matrix(parts[0].Length, parts[0][0].Length);
        foreach (var part in parts)
        {
            Add(result, part);
        }
        foreach (var row in result)
        {
            for (var j = 0; j < row.Length; j++)
            {
                row[j] /= parts.Count;
            }
        }
        return result;
    }
}
