using FinOps.Core.Forecasting.Models;

namespace FinOps.Core.Forecasting.Evaluation;

/// <summary>Accuracy of one model over a set of series on held-out days (mean of per-series MASE, as in M4).</summary>
public sealed record ModelAccuracy(string Model, double MeanMase, double MeanSmape);

/// <summary>What a held-out evaluation measured.</summary>
/// <param name="Models">Each candidate forced on every series, plus <c>selected</c> (the engine's choice per series).</param>
/// <param name="Coverage80">Share of held-out days whose actual fell inside the 80% interval.</param>
/// <param name="MonthEndCoverage80">Share of cut-offs whose month-to-end actual total fell in the 80% interval (month-end checks only).</param>
public sealed record HoldoutReport(
    int Series, int Skipped, IReadOnlyList<ModelAccuracy> Models, double Coverage80, double Coverage95,
    IReadOnlyDictionary<string, int> Wins, double? MonthEndCoverage80 = null, double? MonthEndCoverage95 = null)
{
    public const string Selected = "selected";

    public double MaseOf(string model) => Models.First(m => m.Model == model).MeanMase;

    /// <summary>The selection's mean MASE over the weekly seasonal naive's.</summary>
    public double SelectionRatio => MaseOf(Selected) / MaseOf(SeasonalNaiveModel.ModelName);
}

/// <summary>
/// The evaluation protocol of the issue: hold out the last days of each series, forecast them from the
/// rest with model selection, and score every candidate, the selection, and the intervals' coverage
/// against what really happened. MASE's scale is the weekly seasonal naive's in-sample error.
/// </summary>
public static class HoldoutEvaluation
{
    public static HoldoutReport Run(IReadOnlyList<CostHistory> series, int holdout, ForecastEngineOptions options)
    {
        var engine = new ForecastEngine(options with { KeepCandidateForecasts = true });
        var train = series.Select(s => Cut(s, s.Length - holdout)).ToList();
        var forecasts = engine.ForecastMany(train, holdout);
        var mase = new Dictionary<string, List<double>>();
        var smape = new Dictionary<string, List<double>>();
        var wins = new Dictionary<string, int>();
        int inside80 = 0, inside95 = 0, points = 0, skipped = 0;
        for (var i = 0; i < series.Count; i++)
        {
            var f = forecasts[i];
            if (f.Status != ForecastStatus.Ok)
            {
                skipped++;
                continue;
            }
            var truth = Total(series[i], train[i].Length, holdout);
            var scale = NaiveScale(Total(train[i], 0, train[i].Length));
            if (scale <= 0)
            {
                skipped++;
                continue;
            }
            wins[f.Model!] = wins.GetValueOrDefault(f.Model!) + 1;
            var candidates = f.CandidateForecasts!.ToDictionary(kv => kv.Key, kv => kv.Value);
            candidates[HoldoutReport.Selected] = f.Points.Select(p => p.Predicted).ToArray();
            foreach (var (model, values) in candidates)
            {
                var (m, s) = Errors(truth, values, scale);
                (mase.TryGetValue(model, out var lm) ? lm : mase[model] = []).Add(m);
                (smape.TryGetValue(model, out var ls) ? ls : smape[model] = []).Add(s);
            }
            for (var h = 0; h < holdout; h++)
            {
                if (double.IsNaN(truth[h]))
                {
                    continue;
                }
                var p = f.Points[h];
                points++;
                inside80 += truth[h] >= p.Lower80 && truth[h] <= p.Upper80 ? 1 : 0;
                inside95 += truth[h] >= p.Lower95 && truth[h] <= p.Upper95 ? 1 : 0;
            }
        }
        var order = ForecastEngine.Candidates.Append(HoldoutReport.Selected).Where(mase.ContainsKey);
        return new HoldoutReport(series.Count - skipped, skipped,
            order.Select(m => new ModelAccuracy(m, mase[m].Average(), smape[m].Average())).ToList(),
            points == 0 ? 0 : (double)inside80 / points, points == 0 ? 0 : (double)inside95 / points, wins);
    }

    /// <summary>
    /// Month-end check: cut each series on a day inside its last complete month (a different day per
    /// series), forecast the rest of that month and count how often the actual total lands in the intervals.
    /// </summary>
    public static (double Coverage80, double Coverage95, int Checked) MonthEnd(IReadOnlyList<CostHistory> series, ForecastEngineOptions options, int seed)
    {
        var random = new Random(seed);
        var cuts = new List<(CostHistory Train, DateOnly MonthEnd, double Truth)>();
        foreach (var s in series)
        {
            var lastDay = s.LastDay;
            var monthEnd = new DateOnly(lastDay.Year, lastDay.Month, 1).AddDays(-1);
            if (lastDay.Day == DateTime.DaysInMonth(lastDay.Year, lastDay.Month))
            {
                monthEnd = lastDay;
            }
            var cutDay = monthEnd.AddDays(-random.Next(1, monthEnd.Day)); // last known day: 1..(days-1) before month end
            var length = cutDay.DayNumber - s.Start.DayNumber + 1;
            var remaining = monthEnd.DayNumber - cutDay.DayNumber;
            var truth = Total(s, length, remaining);
            if (truth.Any(double.IsNaN))
            {
                continue;
            }
            cuts.Add((Cut(s, length), monthEnd, truth.Sum()));
        }
        var engine = new ForecastEngine(options);
        var forecasts = engine.ForecastMany(cuts.Select(c => c.Train).ToList(), 62);
        int in80 = 0, in95 = 0, n = 0;
        for (var i = 0; i < cuts.Count; i++)
        {
            if (forecasts[i].Status != ForecastStatus.Ok)
            {
                continue;
            }
            var period = forecasts[i].Period(forecasts[i].FirstDay, cuts[i].MonthEnd);
            n++;
            in80 += cuts[i].Truth >= period.Lower80 && cuts[i].Truth <= period.Upper80 ? 1 : 0;
            in95 += cuts[i].Truth >= period.Lower95 && cuts[i].Truth <= period.Upper95 ? 1 : 0;
        }
        return (n == 0 ? 0 : (double)in80 / n, n == 0 ? 0 : (double)in95 / n, n);
    }

    public static CostHistory Cut(CostHistory s, int length) => s with { Usage = s.Usage[..length], Other = s.Other[..length] };

    private static double[] Total(CostHistory s, int from, int count) =>
        Enumerable.Range(from, count).Select(t => s.Usage[t] + s.Other[t]).ToArray();

    private static double NaiveScale(double[] y)
    {
        double sum = 0;
        var n = 0;
        for (var t = 7; t < y.Length; t++)
        {
            if (!double.IsNaN(y[t]) && !double.IsNaN(y[t - 7]))
            {
                sum += Math.Abs(y[t] - y[t - 7]);
                n++;
            }
        }
        return n == 0 ? 0 : sum / n;
    }

    private static (double Mase, double Smape) Errors(double[] truth, double[] forecast, double scale)
    {
        double abs = 0, smape = 0;
        int n = 0, ns = 0;
        for (var h = 0; h < truth.Length; h++)
        {
            if (double.IsNaN(truth[h]))
            {
                continue;
            }
            var e = Math.Abs(truth[h] - forecast[h]);
            abs += e;
            n++;
            var d = Math.Abs(truth[h]) + Math.Abs(forecast[h]);
            if (d > 0)
            {
                smape += 200 * e / d;
                ns++;
            }
        }
        return (abs / Math.Max(1, n) / scale, ns == 0 ? 0 : smape / ns);
    }
}
