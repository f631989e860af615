namespace FinOps.Core.Costs;

/// <summary>Dimensions a cost view can be grouped by, mapped to <c>daily_costs</c> columns.</summary>
public static class CostDimensions
{
    private static readonly Dictionary<string, string> columns = new(StringComparer.OrdinalIgnoreCase)
    {
        ["service"] = "service_name",
        ["sub_account"] = "sub_account_id",
        ["region"] = "region_id",
        ["provider"] = "provider_name",
        ["charge_category"] = "charge_category",
        ["service_category"] = "service_category",
        ["billing_account"] = "billing_account_id",
    };

    public static IReadOnlyCollection<string> Names => columns.Keys;

    public static string Column(string dimension) =>
        columns.TryGetValue(dimension, out var column)
            ? column
            : throw new DomainValidationException("groupBy", $"groupBy must be one of: {string.Join(", ", columns.Keys)}.");
}

/// <summary>Which cost a view sums: FOCUS EffectiveCost (amortized), BilledCost (invoiced) or ListCost.</summary>
public static class CostMetrics
{
    public static string Column(string metric) => metric.ToLowerInvariant() switch
    {
        "effective" => "effective_cost",
        "billed" => "billed_cost",
        "list" => "list_cost",
        _ => throw new DomainValidationException("metric", "metric must be one of: effective, billed, list."),
    };
}

/// <summary>A filtered range of the daily rollup.</summary>
public sealed record CostFilter(
    DateOnly From,
    DateOnly To,
    string? Provider = null,
    string? SubAccountId = null,
    string? ServiceName = null,
    string? RegionId = null,
    string? ChargeCategory = null,
    string? Currency = null)
{
    public void Validate()
    {
        if (To < From)
        {
            throw new DomainValidationException("to", "'to' must not be before 'from'.");
        }
        if (To.DayNumber - From.DayNumber > 3660)
        {
            throw new DomainValidationException("from", "The range may span at most ten years.");
        }
    }
}

public sealed record CostPoint(DateOnly Date, decimal Cost);

public sealed record CostSeries(string Key, IReadOnlyList<CostPoint> Points);

public sealed record CostTimeseries(string Currency, string Granularity, string Metric, decimal Total, IReadOnlyList<CostSeries> Series);

public sealed record CostBreakdownItem(string Key, decimal Cost, double Share);

public sealed record CostBreakdown(string Currency, string Metric, decimal Total, IReadOnlyList<CostBreakdownItem> Items);

public sealed record CostSummary(
    string Currency, decimal MonthToDate, decimal PreviousMonthToDate, decimal PreviousMonthTotal, DateOnly? DataThrough,
    IReadOnlyList<CostBreakdownItem> TopServices);
