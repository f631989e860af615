using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FinOps.Core.Catalog.PriceLists;

/// <summary>
/// Reads one page of the Azure Retail Prices API (<c>{"Items": [...], "NextPageLink": ...}</c>): pay-as-you-go
/// virtual machine meters priced per hour, Windows when the product name says so, Linux otherwise. Spot and
/// low-priority meters, reservations and dev/test prices are left out. The API gives no shapes: the store
/// keeps the shapes it knows (from the snapshot) for these sizes.
/// </summary>
public static class AzureRetailPricesParser
{
    public const string Source = "azure-retail-prices";

    public sealed record Page(List<InstanceType> Rows, string? NextPageLink, int Items);

    public static async Task<Page> ParseAsync(Stream stream, CancellationToken ct)
    {
        var page = await JsonSerializer.DeserializeAsync(stream, AzureRetailJson.Default.RetailPage, ct)
            ?? throw new DomainValidationException("file", "The Azure price page is empty.");
        var rows = new List<InstanceType>();
        foreach (var item in page.Items ?? [])
        {
            if (ToRow(item) is { } row)
            {
                rows.Add(row);
            }
        }
        return new Page(rows, string.IsNullOrWhiteSpace(page.NextPageLink) ? null : page.NextPageLink, page.Items?.Count ?? 0);
    }

    private static InstanceType? ToRow(RetailItem item)
    {
        if (item.ServiceName is not null && item.ServiceName != "Virtual Machines"
            || item.Type is not ("Consumption" or null)
            || string.IsNullOrWhiteSpace(item.ArmSkuName) || string.IsNullOrWhiteSpace(item.ArmRegionName)
            || item.UnitOfMeasure is not ("1 Hour" or "1 Hours")
            || Contains(item.SkuName, "Spot") || Contains(item.SkuName, "Low Priority") || Contains(item.MeterName, "Spot") || Contains(item.MeterName, "Low Priority")
            || item.IsPrimaryMeterRegion == false
            || item.RetailPrice is not > 0m)
        {
            return null;
        }
        return new InstanceType
        {
            Provider = CloudProviders.Azure,
            Name = item.ArmSkuName,
            Family = InstanceFamilies.FamilyOf(CloudProviders.Azure, item.ArmSkuName),
            Region = item.ArmRegionName,
            OperatingSystem = Contains(item.ProductName, "Windows") ? "Windows" : "Linux",
            OnDemandHourly = item.RetailPrice,
            Currency = item.CurrencyCode ?? "USD",
            Source = Source,
            EffectiveDate = DateTimeOffset.TryParse(item.EffectiveStartDate, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d)
                ? DateOnly.FromDateTime(d.UtcDateTime) : default,
        };
    }

    private static bool Contains(string? s, string word) => s?.Contains(word, StringComparison.OrdinalIgnoreCase) == true;

    internal sealed class RetailPage
    {
        public List<RetailItem>? Items { get; set; }
        public string? NextPageLink { get; set; }
    }

    internal sealed class RetailItem
    {
        public string? CurrencyCode { get; set; }
        public decimal? RetailPrice { get; set; }
        public string? ArmRegionName { get; set; }
        public string? EffectiveStartDate { get; set; }
        public string? MeterName { get; set; }
        public string? ProductName { get; set; }
        public string? SkuName { get; set; }
        public string? ServiceName { get; set; }
        public string? UnitOfMeasure { get; set; }
        public string? Type { get; set; }
        public bool? IsPrimaryMeterRegion { get; set; }
        public string? ArmSkuName { get; set; }
    }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(AzureRetailPricesParser.RetailPage))]
internal sealed partial class AzureRetailJson : JsonSerializerContext;
