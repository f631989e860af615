using System.Diagnostics.Metrics;

namespace FinOps.Core.Observability;

/// <summary>
/// The business view as metrics (meter <c>FinOps.Business</c>): daily and month-to-date cost by
/// provider, open anomalies by severity, realized savings and ingestion lag. The gauges read the
/// latest <see cref="BusinessSnapshot"/>, which <see cref="BusinessMetricsRefresher"/> computes from
/// the database on an interval, so a scrape never waits for a query.
/// </summary>
/// <remarks>
/// Every Workers process reports the same database-wide figures: aggregate them across instances
/// with <c>max</c>, not <c>sum</c> (the dashboards and alert rules in <c>deploy/monitoring</c> do).
/// </remarks>
public sealed class BusinessMetrics
{
    public const string MeterName = "FinOps.Business";

    private readonly TimeProvider time;
    private volatile BusinessSnapshot snapshot = BusinessSnapshot.Empty;

    public BusinessMetrics(IMeterFactory meterFactory, TimeProvider time)
    {
        this.time = time;
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("finops.cost.daily", () => Snapshot.DailyCost.Select(c =>
                new Measurement<double>((double)c.Amount, Tag("provider", c.Provider), Tag("currency", c.Currency))),
            description: "Effective cost of the latest day with billing data, by provider, in the billing currency.");
        meter.CreateObservableGauge("finops.cost.month_to_date", () => Snapshot.MonthToDateCost.Select(c =>
                new Measurement<double>((double)c.Amount, Tag("provider", c.Provider), Tag("currency", c.Currency))),
            description: "Effective cost from the first of the latest billed day's month up to that day, by provider.");
        meter.CreateObservableGauge("finops.anomalies.open", () => Snapshot.OpenAnomalies.Select(a =>
                new Measurement<long>(a.Count, Tag("severity", a.Severity))),
            unit: "{anomaly}", description: "Cost anomalies in status open, by severity.");
        meter.CreateObservableGauge("finops.savings.realized", () => Snapshot.RealizedSavings.Select(s =>
                new Measurement<double>((double)s.Amount, Tag("currency", s.Currency))),
            description: "Validated realized monthly savings of applied recommendations, by currency.");
        meter.CreateObservableGauge("finops.ingestion.lag", () => Snapshot.LatestIngestionFinishedAt is { } finished
                ? [new Measurement<double>(Math.Max(0, (time.GetUtcNow() - finished).TotalSeconds))]
                : Array.Empty<Measurement<double>>(),
            unit: "s", description: "Time since the latest successful ingestion finished.");
        meter.CreateObservableGauge("finops.business.snapshot_age", () => Snapshot.TakenAt is { } taken
                ? [new Measurement<double>(Math.Max(0, (time.GetUtcNow() - taken).TotalSeconds))]
                : Array.Empty<Measurement<double>>(),
            unit: "s", description: "Age of the figures the business gauges report; they are refreshed on an interval.");
    }

    public BusinessSnapshot Snapshot => snapshot;

    public void Publish(BusinessSnapshot next) => snapshot = next;

    private static KeyValuePair<string, object?> Tag(string key, string value) => new(key, value);
}

/// <summary>Database-wide figures at one moment; <see cref="Empty"/> until the first refresh.</summary>
public sealed record BusinessSnapshot(
    DateTimeOffset? TakenAt,
    DateOnly? LatestBilledDay,
    IReadOnlyList<ProviderCost> DailyCost,
    IReadOnlyList<ProviderCost> MonthToDateCost,
    IReadOnlyList<SeverityCount> OpenAnomalies,
    IReadOnlyList<CurrencyAmount> RealizedSavings,
    DateTimeOffset? LatestIngestionFinishedAt)
{
    public static readonly BusinessSnapshot Empty = new(null, null, [], [], [], [], null);
}

public sealed record ProviderCost(string Provider, string Currency, decimal Amount);

public sealed record SeverityCount(string Severity, long Count);

public sealed record CurrencyAmount(string Currency, decimal Amount);
