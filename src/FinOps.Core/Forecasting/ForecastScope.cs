namespace FinOps.Core.Forecasting;

/// <summary>What a forecast covers: both null = the total; a sub-account, a service, or one service in one sub-account.</summary>
public sealed record ForecastScope(string? SubAccountId, string? ServiceName)
{
    public static readonly ForecastScope Total = new(null, null);

    public string Kind => (SubAccountId, ServiceName) switch
    {
        (null, null) => "total",
        (not null, null) => "sub_account",
        (null, not null) => "service",
        _ => "sub_account_service",
    };

    public override string ToString() => Kind switch
    {
        "total" => "total",
        "sub_account" => $"sub-account {SubAccountId}",
        "service" => $"service {ServiceName}",
        _ => $"{ServiceName} in sub-account {SubAccountId}",
    };
}

/// <summary>One calendar month's share of a forecast, stored in <c>forecast_runs.periods</c>.</summary>
/// <param name="Month">First day of the month.</param>
/// <param name="From">First forecast day inside the month.</param>
/// <param name="To">Last forecast day inside the month (the month's end unless the horizon stops earlier).</param>
/// <param name="ErrorQuantiles">The backtest error distribution of this sum, as its 0..100% quantiles in money.</param>
public sealed record PeriodTotal(
    DateOnly Month, DateOnly From, DateOnly To, decimal Predicted, decimal Lower80, decimal Upper80, decimal Lower95, decimal Upper95,
    double[] ErrorQuantiles)
{
    public double ProbabilityAbove(double threshold) => ErrorDistribution.ProbabilityAbove((double)Predicted, ErrorQuantiles, threshold);
}
