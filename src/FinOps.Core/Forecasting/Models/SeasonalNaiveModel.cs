namespace FinOps.Core.Forecasting.Models;

/// <summary>Next week repeats the last observed week: the benchmark every other model must beat (MASE's scale).</summary>
public sealed class SeasonalNaiveModel : IForecastModel
{
    public const string ModelName = "seasonal_naive";
    public const int Period = 7;

    public string Name => ModelName;

    public void Predict(ModelInput input, int fitEnd, int first, int last, int horizon, double[][] output)
    {
        var y = input.Values;
        for (var o = first; o <= last; o++)
        {
            var row = output[o - first];
            for (var h = 0; h < horizon; h++)
            {
                var source = o - Period + (h % Period);
                row[h] = source >= 0 ? y[source] : y[Math.Max(0, o - 1)];
            }
        }
    }
}
