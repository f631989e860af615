using System.ComponentModel.DataAnnotations;

namespace FinOps.Core.Forecasting;

/// <summary>Configuration section <c>Forecasting</c>.</summary>
public sealed class ForecastingOptions
{
    public const string Section = "Forecasting";

    /// <summary>Days forecast; always stretched to the end of next month (AWS Cost Explorer goes to 3 months daily).</summary>
    [Range(28, 366)]
    public int HorizonDays { get; set; } = 90;

    /// <summary>Days of history read per scope.</summary>
    [Range(60, 1500)]
    public int HistoryDays { get; set; } = 400;

    /// <summary>A sub-account × service pair is forecast when it is at least this share of the last 28 days' spend.</summary>
    [Range(0, 1)]
    public double MinScopeShare { get; set; } = 0.005;

    /// <summary>At most this many scopes per currency, largest first.</summary>
    [Range(1, 100_000)]
    public int MaxScopes { get; set; } = 2000;

    /// <summary>A budget alert is raised when the probability of exceeding the budget this month reaches this.</summary>
    [Range(0.01, 1)]
    public double AlertProbability { get; set; } = 0.5;

    /// <summary>Optional organisation-wide monthly budget (in <see cref="TotalBudgetCurrency"/>); otherwise the accounts' budgets add up.</summary>
    [Range(typeof(decimal), "0", "1000000000000")]
    public decimal? TotalMonthlyBudget { get; set; }

    [RegularExpression("^[A-Z]{3}$")]
    public string TotalBudgetCurrency { get; set; } = "USD";

    /// <summary>Older generations of forecasts are deleted after this many days.</summary>
    [Range(1, 3660)]
    public int RetentionDays { get; set; } = 35;
}
