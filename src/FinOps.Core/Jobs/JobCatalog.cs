namespace FinOps.Core.Jobs;

/// <summary>A recurring job the Workers run: its stable name (the <c>run-job</c> verb's argument), schedule and purpose.</summary>
public sealed record JobDefinition(string Name, string Cron, string Description);

/// <summary>
/// Every job of ARCHITECTURE §4 that exists in this build. The Workers register these at start;
/// the API lists and triggers them by name through the shared Hangfire storage.
/// </summary>
public static class JobCatalog
{
    public const string PartitionMaintenance = "partition-maintenance";
    public const string Ingestion = "ingestion";
    public const string CostForecasting = "cost-forecasting";
    public const string DemoData = "demo-data";
    public const string AnomalyDetection = "anomaly-detection";

    /// <summary>Hangfire's "never" (February 31st): the job runs only when triggered.</summary>
    public const string OnDemand = "0 0 31 2 *";
    public const string Rightsizing = "rightsizing";
    public const string SavingsTracker = "savings-tracker";
    public const string CatalogUpdater = "catalog-updater";

    public static readonly IReadOnlyList<JobDefinition> All =
    [
        new(PartitionMaintenance, "17 3 * * *", $"Keeps billing partitions ready for the current month and the next {Billing.PartitionMaintenance.MonthsAhead}."),
        new(Ingestion, "*/15 * * * *", "Picks up new billing and usage files from the watched folders (Ingestion:Folders) and ingests them."),
        new(DemoData, OnDemand, "Loads the demo dataset through the ingestion path (on demand; reloading replaces the same periods)."),
        new(CostForecasting, "40 5 * * *", "Backtests forecasting models per scope, keeps the best, writes forecasts with 80/95% intervals and budget alerts."),
        new(Rightsizing, "40 5 * * *", "Rightsizing and idle detection from usage metrics, bills and the instance catalog; refreshes recommendations."),
        new(SavingsTracker, "10 6 * * *", "Proves realized savings of applied recommendations from the bills before and after the change."),
        new(CatalogUpdater, "25 4 * * 0", "Loads the shipped instance catalog when empty, then price lists from Catalog:PriceListFolder and Catalog:PriceListUrls."),
        new(AnomalyDetection, "30 6 * * *", "Scores the latest days of spend of every scope for anomalies and sends alerts and daily digests."),
    ];

    public static JobDefinition? Find(string name) =>
        All.FirstOrDefault(j => string.Equals(j.Name, name, StringComparison.OrdinalIgnoreCase));
}
