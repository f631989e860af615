using System.ComponentModel.DataAnnotations;

namespace FinOps.Core.Catalog;

/// <summary>Where the catalog-updater finds price lists (section <c>Catalog</c>).</summary>
public sealed class CatalogOptions
{
    public const string Section = "Catalog";

    /// <summary>
    /// A folder of price-list files: AWS offer files or GetProducts responses (<c>*.json</c>), Azure Retail
    /// Prices API pages (<c>*.json</c> with <c>Items</c>), GCP <c>pricing.yml</c>; gzip allowed (<c>.gz</c>).
    /// </summary>
    public string? PriceListFolder { get; set; }

    /// <summary>Price-list addresses: Azure pages are followed through <c>NextPageLink</c>.</summary>
    public List<string> PriceListUrls { get; set; } = [];

    /// <summary>At most this many Azure pages are read from one address.</summary>
    [Range(1, 100_000)]
    public int MaxPages { get; set; } = 5_000;
}
