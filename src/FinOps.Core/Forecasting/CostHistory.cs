namespace FinOps.Core.Forecasting;

/// <summary>
/// The daily cost of one scope in one currency, split into usage and every other charge (purchases,
/// fees, tax, credits), from <see cref="Start"/> to the last day with data. <c>NaN</c> marks a day
/// with no data at all (an ingestion gap), as opposed to a day the scope truly cost nothing (0).
/// </summary>
public sealed record CostHistory(string Key, DateOnly Start, double[] Usage, double[] Other)
{
    public int Length => Usage.Length;

    public DateOnly LastDay => Start.AddDays(Length - 1);

    public static CostHistory UsageOnly(string key, DateOnly start, double[] usage) => new(key, start, usage, new double[usage.Length]);
}
