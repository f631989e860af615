using System.Globalization;
using System.IO.Compression;
using nietras.SeparatedValues;

namespace FinOps.Core.Catalog;

/// <summary>
/// The instance catalog shipped inside the product (an embedded gzip CSV built by
/// <c>Catalog/Snapshot/build_snapshot.py</c> from public price lists), so that rightsizing works with no
/// internet. <see cref="Notice"/> is its attribution, shown on the Catalog page.
/// </summary>
public static class CatalogSnapshot
{
    private const string ResourceName = "FinOps.Core.Catalog.catalog-snapshot.csv.gz";
    private const string NoticeResourceName = "FinOps.Core.Catalog.NOTICE.txt";

    /// <summary>Every row of the snapshot: one instance type in one region and OS with its hourly on-demand price.</summary>
    public static List<InstanceType> Load()
    {
        using var stream = typeof(CatalogSnapshot).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The catalog snapshot resource {ResourceName} is missing from the build.");
        using var gzip = new GZipStream(stream, CompressionMode.Decompress);
        using var reader = Sep.New(',').Reader(o => o with { Unescape = true }).From(gzip);
        var result = new List<InstanceType>(90_000);
        foreach (var row in reader)
        {
            result.Add(new InstanceType
            {
                Provider = row["provider"].ToString(),
                Name = row["instance_type"].ToString(),
                Family = NullIfEmpty(row["family"].ToString()),
                Generation = NullIfEmpty(row["generation"].ToString()),
                Vcpu = decimal.Parse(row["vcpu"].Span, CultureInfo.InvariantCulture),
                MemoryGib = decimal.Parse(row["memory_gib"].Span, CultureInfo.InvariantCulture),
                GpuCount = int.Parse(row["gpu_count"].Span, CultureInfo.InvariantCulture),
                Architecture = NullIfEmpty(row["arch"].ToString()),
                Region = row["region"].ToString(),
                OperatingSystem = row["os"].ToString(),
                OnDemandHourly = decimal.Parse(row["price_per_hour"].Span, CultureInfo.InvariantCulture),
                Currency = row["currency"].ToString(),
                Source = "snapshot: " + row["source"].ToString(),
                EffectiveDate = DateOnly.ParseExact(row["effective_date"].ToString(), "yyyy-MM-dd", CultureInfo.InvariantCulture),
            });
        }
        return result;
    }

    /// <summary>Where the snapshot's data comes from and under which licences.</summary>
    public static string Notice
    {
        get
        {
            using var stream = typeof(CatalogSnapshot).Assembly.GetManifestResourceStream(NoticeResourceName)
                ?? throw new InvalidOperationException($"The resource {NoticeResourceName} is missing from the build.");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    private static string? NullIfEmpty(string s) => s.Length == 0 ? null : s;
}
