namespace FinOps.Core.Forecasting.Models;

/// <summary>
/// A daily forecasting model as the backtest sees it: a pure function of the history known at each origin.
/// </summary>
public interface IForecastModel
{
    /// <summary>Stable name stored in <c>forecast_runs.model</c> and shown in the UI.</summary>
    string Name { get; }

    /// <summary>
    /// Writes <c>output[o - first][h]</c>, the forecast of <c>y[o + h]</c> made at origin <c>o</c> (only
    /// <c>y[..o)</c> known), for every origin in <c>[first, last]</c> and <c>h</c> in <c>[0, horizon)</c>.
    /// Parameters (smoothing constants, seasonal indices, trees) are estimated on <c>y[..fitEnd)</c> only,
    /// with <c>fitEnd &lt;= first</c>, so a backtest never peeks at what it is scored on; states are
    /// updated with the data up to each origin, as they would have been on that day.
    /// </summary>
    void Predict(ModelInput input, int fitEnd, int first, int last, int horizon, double[][] output);
}

/// <summary>A prepared daily series: no gaps, index 0 is <see cref="Start"/>.</summary>
public sealed record ModelInput(DateOnly Start, double[] Values)
{
    public int Length => Values.Length;

    public DateOnly DayAt(int index) => Start.AddDays(index);
}
