using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FinOps.Core.Ingestion;

/// <summary>The ingestion area's traces and metrics (<c>FinOps.Ingestion</c>).</summary>
public static class IngestionTelemetry
{
    public const string Name = "FinOps.Ingestion";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> RowsIngested = Meter.CreateCounter<long>(
        "finops.ingestion.rows_ingested", "{row}", "Billing or usage rows loaded by succeeded ingestions.");

    public static readonly Counter<long> RowsRejected = Meter.CreateCounter<long>(
        "finops.ingestion.rows_rejected", "{row}", "Rows found invalid.");

    public static readonly Counter<long> Files = Meter.CreateCounter<long>(
        "finops.ingestion.files", "{file}", "Files ingested, by format and status.");

    public static readonly Histogram<double> Duration = Meter.CreateHistogram<double>(
        "finops.ingestion.duration", "s", "Time to ingest one file, from open to commit.");
}
