using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace FinOps.Core.Catalog;

/// <summary>The catalog area's traces and metrics (<c>FinOps.Catalog</c>).</summary>
public static class CatalogTelemetry
{
    public const string Name = "FinOps.Catalog";

    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    public static readonly Counter<long> PricesLoaded = Meter.CreateCounter<long>(
        "finops.catalog.prices_loaded", "{price}", "Instance prices read from price lists, by format.");
}
