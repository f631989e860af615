namespace FinOps.Core.Forecasting;

/// <summary>One model selection and forecast for one scope (both scope columns null = total).</summary>
public sealed class ForecastRun
{
    public Guid Id { get; set; }
    public string? SubAccountId { get; set; }
    public string? ServiceName { get; set; }
    public required string Model { get; set; }
    /// <summary>Per-model backtest errors (MASE, sMAPE, coverage), JSON.</summary>
    public string BacktestErrors { get; set; } = "{}";
    public int HistoryDays { get; set; }
    public int HorizonDays { get; set; }
    public string Currency { get; set; } = "USD";
    public DateTimeOffset GeneratedAt { get; set; }

    /// <summary>Last day with data the run saw; the forecast starts the day after. One run per scope, currency and day.</summary>
    public DateOnly AsOf { get; set; }

    /// <summary><c>ok</c>, or <c>insufficient_history</c> (no points: fewer days than the minimum).</summary>
    public string Status { get; set; } = ForecastRunStatus.Ok;

    /// <summary>Calendar-month totals of the forecast days with 80/95% intervals and backtest error samples, JSON.</summary>
    public string Periods { get; set; } = "[]";
}

public static class ForecastRunStatus
{
    public const string Ok = "ok";
    public const string InsufficientHistory = "insufficient_history";
}

/// <summary>One forecast day of one run.</summary>
public sealed class Forecast
{
    public long Id { get; set; }
    public Guid RunId { get; set; }
    public DateOnly Day { get; set; }
    public string? SubAccountId { get; set; }
    public string? ServiceName { get; set; }
    public decimal Predicted { get; set; }
    public decimal Lower80 { get; set; }
    public decimal Upper80 { get; set; }
    public decimal Lower95 { get; set; }
    public decimal Upper95 { get; set; }
    public required string Model { get; set; }
    public DateTimeOffset GeneratedAt { get; set; }
}
