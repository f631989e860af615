namespace FinOps.Core.Forecasting;

public enum ForecastStatus
{
    Ok,
    /// <summary>Fewer days than <see cref="ForecastEngineOptions.MinHistoryDays"/>: no numbers rather than invented ones.</summary>
    InsufficientHistory,
}

/// <summary>How one candidate model did in the rolling-origin backtest.</summary>
/// <param name="Mase">Mean absolute error over the weekly seasonal naive's in-sample error; below 1 beats it.</param>
/// <param name="Smape">Symmetric mean absolute percentage error, in percent.</param>
/// <param name="Bias">Mean of actual − forecast: positive means the model under-forecast.</param>
/// <param name="Pairs">Origin × horizon pairs scored.</param>
public sealed record ModelScore(string Model, double? Mase, double? Smape, double Mae, double Bias, int Pairs, bool Selected);

/// <summary>One forecast day with its 80% and 95% prediction intervals.</summary>
public sealed record ForecastPoint(DateOnly Day, double Predicted, double Lower80, double Upper80, double Lower95, double Upper95);

/// <summary>The forecast total of a range of days, with intervals from summed backtest errors (so correlation counts).</summary>
/// <param name="ErrorSamples">Sorted empirical errors (actual − forecast) of the same sum in the backtest, in money, at today's level.</param>
public sealed record PeriodForecast(
    DateOnly From, DateOnly To, double Predicted, double Lower80, double Upper80, double Lower95, double Upper95, double[] ErrorSamples)
{
    /// <summary>
    /// Probability that the true total exceeds <paramref name="threshold"/>, from the backtest errors
    /// smoothed with a Gaussian kernel (Silverman's bandwidth) so that it moves continuously.
    /// </summary>
    public double ProbabilityAbove(double threshold) => ErrorDistribution.ProbabilityAbove(Predicted, ErrorSamples, threshold);
}

/// <summary>Everything the engine concluded about one scope.</summary>
public sealed class ScopeForecast
{
    internal ScopeForecast(string key, ForecastStatus status, int historyDays, DateOnly firstDay)
    {
        Key = key;
        Status = status;
        HistoryDays = historyDays;
        FirstDay = firstDay;
    }

    public string Key { get; }
    public ForecastStatus Status { get; }
    public int HistoryDays { get; }

    /// <summary>The day after the last day with data: where the forecast starts.</summary>
    public DateOnly FirstDay { get; }

    public string? Model { get; internal init; }
    public IReadOnlyList<ModelScore> Scores { get; internal init; } = [];
    public IReadOnlyList<ForecastPoint> Points { get; internal init; } = [];

    internal ErrorModel? Errors { get; init; }

    /// <summary>Each candidate's forecast of the same days, when the engine was asked to keep them (evaluation).</summary>
    public IReadOnlyDictionary<string, double[]>? CandidateForecasts { get; internal init; }

    /// <summary>Total of the forecast days in <c>[from, to]</c> (clipped to the horizon), with its intervals.</summary>
    public PeriodForecast Period(DateOnly from, DateOnly to)
    {
        if (Status != ForecastStatus.Ok || Errors is null)
        {
            throw new InvalidOperationException($"Scope {Key} has no forecast ({Status}).");
        }
        var a = Math.Max(0, from.DayNumber - FirstDay.DayNumber);
        var b = Math.Min(Points.Count - 1, to.DayNumber - FirstDay.DayNumber);
        if (b < a)
        {
            return new PeriodForecast(from, to, 0, 0, 0, 0, 0, [0]);
        }
        double predicted = 0;
        for (var h = a; h <= b; h++)
        {
            predicted += Points[h].Predicted;
        }
        var samples = Errors.SumErrors(a, b, Points);
        var (q025, q10, q90, q975) = ErrorDistribution.Quantiles(samples);
        var floor = Errors.NonNegative ? 0 : double.NegativeInfinity;
        return new PeriodForecast(FirstDay.AddDays(a), FirstDay.AddDays(b), predicted,
            Math.Max(floor, predicted + Math.Min(0, q10)), Math.Max(floor, predicted + Math.Max(0, q90)),
            Math.Max(floor, predicted + Math.Min(0, q025)), Math.Max(floor, predicted + Math.Max(0, q975)), samples);
    }
}
