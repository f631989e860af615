using System.Globalization;

namespace FinOps.Core.Assistant.Language;

/// <summary>What a question asks about.</summary>
public enum Intent { Cost, Growth, Anomalies, Recommendations, Forecast, Savings }

/// <summary>The quantity a cost question sums.</summary>
public enum Measure { EffectiveCost, BilledCost, ListCost, UsageQuantity }

/// <summary>What a cost can be cut by. Resource, tag and instance type need the line items; the rest reads the daily rollup.</summary>
public enum Dimension { Service, SubAccount, Region, Provider, ChargeCategory, ServiceCategory, Resource, InstanceType, Tag, RecommendationType, Severity }

public enum Grain { Day, Week, Month }

public enum Aggregate { List, Count, Sum }

public enum ForecastKind { MonthEnd, Range, Daily }

/// <summary>An inclusive range of UTC days with the words that describe it.</summary>
public sealed record Period(DateOnly From, DateOnly To, string Label)
{
    public int Days => To.DayNumber - From.DayNumber + 1;

    public string Range => From == To
        ? From.ToString("d MMM yyyy", CultureInfo.InvariantCulture)
        : $"{From.ToString("d MMM yyyy", CultureInfo.InvariantCulture)} – {To.ToString("d MMM yyyy", CultureInfo.InvariantCulture)}";
}

/// <summary>A grouping: a dimension, and for tags the key.</summary>
public sealed record GroupKey(Dimension Dimension, string? TagKey = null)
{
    public string Name => Dimension == Dimension.Tag ? $"tag:{TagKey}" : Dimension.ToString();
}

/// <summary>A filter on one dimension: any of <see cref="Values"/>; <see cref="Phrase"/> is what the user wrote.</summary>
public sealed record Filter(Dimension Dimension, IReadOnlyList<string> Values, string Phrase, string? TagKey = null, IReadOnlyList<string>? Labels = null);

/// <summary>Top or bottom N.</summary>
public sealed record Ranking(int Limit, bool Descending);

/// <summary>
/// The reading of a question: the abstract syntax the SQL compiler turns into one SELECT over the curated
/// views. Every field is something the user can see in <c>understood</c> and correct.
/// </summary>
public sealed record QueryPlan
{
    public required Intent Intent { get; init; }
    public Measure Measure { get; init; } = Measure.EffectiveCost;
    public IReadOnlyList<GroupKey> GroupBy { get; init; } = [];
    public Grain? Grain { get; init; }
    public IReadOnlyList<Filter> Filters { get; init; } = [];
    public Period? Period { get; init; }
    /// <summary>For growth: the earlier period compared with <see cref="Period"/>.</summary>
    public Period? PreviousPeriod { get; init; }
    public Ranking? Ranking { get; init; }
    public required string Currency { get; init; }

    // Entity questions
    public Aggregate Aggregate { get; init; } = Aggregate.List;
    public IReadOnlyList<string> Statuses { get; init; } = [];
    /// <summary>Amount thresholds: anomaly impact, estimated or realized savings, or a cost total.</summary>
    public decimal? MinAmount { get; init; }
    public bool MinInclusive { get; init; }
    public decimal? MaxAmount { get; init; }
    public bool MaxInclusive { get; init; }
    public GrowthOrder GrowthOrder { get; init; } = GrowthOrder.Current;
    public ForecastKind ForecastKind { get; init; } = ForecastKind.MonthEnd;
    public bool? Validated { get; init; }
    /// <summary>Assumptions made where the question was silent, said back to the user.</summary>
    public IReadOnlyList<string> Assumptions { get; init; } = [];

    public Filter? FilterOn(Dimension dimension) => Filters.FirstOrDefault(f => f.Dimension == dimension);
}
