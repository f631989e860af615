using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FinOps.Core.Catalog.PriceLists;

/// <summary>
/// Reads EC2 on-demand prices from the AWS Price List: a bulk or regional offer file
/// (<c>{"products": {...}, "terms": {"OnDemand": {...}}}</c>), a <c>GetProducts</c> response
/// (<c>{"PriceList": [...]}</c>, items as JSON strings or objects) or one price-list item
/// (<c>{"product": ..., "terms": ...}</c>). Keeps shared-tenancy Linux and Windows instances without
/// pre-installed software, priced per hour.
/// </summary>
public static class AwsPriceListParser
{
    public const string Source = "aws-price-list";

    public static async Task<List<InstanceType>> ParseAsync(Stream stream, CancellationToken ct)
    {
        var offer = await JsonSerializer.DeserializeAsync(stream, AwsPriceListJson.Default.OfferFile, ct)
            ?? throw new DomainValidationException("file", "The AWS price list is empty.");
        var result = new List<InstanceType>();
        if (offer.Products is { } products && offer.Terms?.OnDemand is { } onDemand)
        {
            foreach (var (sku, product) in products)
            {
                if (onDemand.TryGetValue(sku, out var terms) && ToRow(product, Terms(terms), offer.PublicationDate) is { } row)
                {
                    result.Add(row);
                }
            }
        }
        foreach (var item in offer.PriceList ?? [])
        {
            var one = item.ValueKind == JsonValueKind.String
                ? JsonSerializer.Deserialize(item.GetString()!, AwsPriceListJson.Default.PriceListItem)
                : item.Deserialize(AwsPriceListJson.Default.PriceListItem);
            if (one?.Product is { } p && one.Terms?.OnDemand is { } t && ToRow(p, ItemTerms(t), one.PublicationDate) is { } row)
            {
                result.Add(row);
            }
        }
        if (offer.Product is { } single && offer.Terms?.OnDemand is { } singleTerms && ToRow(single, ItemTerms(singleTerms), offer.PublicationDate) is { } singleRow)
        {
            result.Add(singleRow);
        }
        return result;
    }

    /// <summary>
    /// An offer file nests terms by SKU then term code; a price-list item holds its terms by term code directly.
    /// Either way: the terms of one product.
    /// </summary>
    private static Dictionary<string, Term> Terms(Dictionary<string, JsonElement> terms)
    {
        var result = new Dictionary<string, Term>();
        if (terms.ContainsKey("priceDimensions"))
        {
            var json = JsonSerializer.SerializeToElement(terms, AwsPriceListJson.Default.DictionaryStringJsonElement);
            result["term"] = json.Deserialize(AwsPriceListJson.Default.Term)!;
            return result;
        }
        foreach (var (code, term) in terms)
        {
            if (term.ValueKind == JsonValueKind.Object && term.Deserialize(AwsPriceListJson.Default.Term) is { } t)
            {
                result[code] = t;
            }
        }
        return result;
    }

    private static Dictionary<string, Term> ItemTerms(Dictionary<string, Dictionary<string, JsonElement>> onDemand) =>
        onDemand.Values.SelectMany(v => Terms(v)).GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.First().Value);

    private static InstanceType? ToRow(Product product, Dictionary<string, Term> terms, string? publication)
    {
        var a = product.Attributes;
        if (a is null || product.ProductFamily is not ("Compute Instance" or "Compute Instance (bare metal)") || string.IsNullOrEmpty(a.InstanceType)
            || a.Tenancy is not ("Shared" or null) || a.CapacityStatus is not ("Used" or null) || a.PreInstalledSw is not ("NA" or null)
            || a.OperatingSystem is not ("Linux" or "Windows"))
        {
            return null;
        }
        var region = a.RegionCode ?? (a.Location is null ? null : AwsRegions.FromLocation(a.Location));
        if (region is null)
        {
            return null;
        }
        decimal? price = null;
        string currency = "USD";
        DateOnly effective = ParseDate(publication) ?? default;
        foreach (var term in terms.Values)
        {
            foreach (var dim in term.PriceDimensions?.Values ?? Enumerable.Empty<PriceDimension>())
            {
                if (dim.Unit is not ("Hrs" or "Hours") || dim.PricePerUnit is null)
                {
                    continue;
                }
                foreach (var (cur, value) in dim.PricePerUnit)
                {
                    if (decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var p))
                    {
                        price = p;
                        currency = cur;
                        effective = ParseDate(term.EffectiveDate) ?? effective;
                    }
                }
            }
        }
        if (price is null)
        {
            return null;
        }
        var family = a.InstanceType.Split('.')[0];
        return new InstanceType
        {
            Provider = CloudProviders.Aws,
            Name = a.InstanceType,
            Family = family,
            Generation = a.CurrentGeneration switch { "Yes" => "current", "No" => "previous", _ => null },
            Vcpu = decimal.TryParse(a.Vcpu, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : 0,
            MemoryGib = ParseMemory(a.Memory),
            GpuCount = int.TryParse(a.Gpu, NumberStyles.Integer, CultureInfo.InvariantCulture, out var g) ? g : 0,
            Architecture = a.PhysicalProcessor?.Contains("Graviton", StringComparison.OrdinalIgnoreCase) == true
                || a.ProcessorArchitecture?.Contains("arm", StringComparison.OrdinalIgnoreCase) == true ? "arm64" : "x86_64",
            Region = region,
            OperatingSystem = a.OperatingSystem,
            OnDemandHourly = price,
            Currency = currency,
            Source = Source,
            EffectiveDate = effective,
        };
    }

    /// <summary>"8 GiB", "0.5 GiB", "1,952 GiB".</summary>
    private static decimal ParseMemory(string? memory)
    {
        if (string.IsNullOrWhiteSpace(memory))
        {
            return 0;
        }
        var number = memory.Replace("GiB", "", StringComparison.OrdinalIgnoreCase).Replace(",", "").Trim();
        return decimal.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var m) ? m : 0;
    }

    private static DateOnly? ParseDate(string? s) =>
        DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? DateOnly.FromDateTime(d.UtcDateTime) : null;

    internal sealed class OfferFile
    {
        public Dictionary<string, Product>? Products { get; set; }
        public TermsBlock? Terms { get; set; }
        public List<JsonElement>? PriceList { get; set; }
        public Product? Product { get; set; }
        public string? PublicationDate { get; set; }
    }

    internal sealed class PriceListItem
    {
        public Product? Product { get; set; }
        public TermsBlock? Terms { get; set; }
        public string? PublicationDate { get; set; }
    }

    internal sealed class TermsBlock
    {
        /// <summary>By SKU (offer file) or by term code (price-list item): see <see cref="Terms"/>.</summary>
        public Dictionary<string, Dictionary<string, JsonElement>>? OnDemand { get; set; }
    }

    internal sealed class Term
    {
        public Dictionary<string, PriceDimension>? PriceDimensions { get; set; }
        public string? EffectiveDate { get; set; }
    }

    internal sealed class PriceDimension
    {
        public string? Unit { get; set; }
        public Dictionary<string, string>? PricePerUnit { get; set; }
    }

    internal sealed class Product
    {
        public string? ProductFamily { get; set; }
        public ProductAttributes? Attributes { get; set; }
    }

    internal sealed class ProductAttributes
    {
        public string? InstanceType { get; set; }
        public string? Vcpu { get; set; }
        public string? Memory { get; set; }
        public string? Gpu { get; set; }
        public string? Location { get; set; }
        public string? RegionCode { get; set; }
        public string? OperatingSystem { get; set; }
        public string? Tenancy { get; set; }
        [JsonPropertyName("capacitystatus")]
        public string? CapacityStatus { get; set; }
        public string? PreInstalledSw { get; set; }
        public string? CurrentGeneration { get; set; }
        public string? PhysicalProcessor { get; set; }
        public string? ProcessorArchitecture { get; set; }
    }
}

[JsonSourceGenerationOptions(PropertyNameCaseInsensitive = true)]
[JsonSerializable(typeof(AwsPriceListParser.OfferFile))]
[JsonSerializable(typeof(AwsPriceListParser.PriceListItem))]
[JsonSerializable(typeof(AwsPriceListParser.Term))]
[JsonSerializable(typeof(Dictionary<string, JsonElement>))]
internal sealed partial class AwsPriceListJson : JsonSerializerContext;

/// <summary>AWS price lists name regions by location ("US East (N. Virginia)") in older records.</summary>
public static class AwsRegions
{
    private static readonly Dictionary<string, string> ByLocation = new(StringComparer.OrdinalIgnoreCase)
    {
        ["US East (N. Virginia)"] = "us-east-1", ["US East (Ohio)"] = "us-east-2", ["US West (N. California)"] = "us-west-1",
        ["US West (Oregon)"] = "us-west-2", ["Canada (Central)"] = "ca-central-1", ["Canada West (Calgary)"] = "ca-west-1",
        ["EU (Ireland)"] = "eu-west-1", ["EU (London)"] = "eu-west-2", ["EU (Paris)"] = "eu-west-3", ["EU (Frankfurt)"] = "eu-central-1",
        ["EU (Zurich)"] = "eu-central-2", ["EU (Stockholm)"] = "eu-north-1", ["EU (Milan)"] = "eu-south-1", ["EU (Spain)"] = "eu-south-2",
        ["Europe (Ireland)"] = "eu-west-1", ["Europe (London)"] = "eu-west-2", ["Europe (Paris)"] = "eu-west-3", ["Europe (Frankfurt)"] = "eu-central-1",
        ["Europe (Stockholm)"] = "eu-north-1", ["Europe (Milan)"] = "eu-south-1", ["Asia Pacific (Tokyo)"] = "ap-northeast-1",
        ["Asia Pacific (Seoul)"] = "ap-northeast-2", ["Asia Pacific (Osaka)"] = "ap-northeast-3", ["Asia Pacific (Singapore)"] = "ap-southeast-1",
        ["Asia Pacific (Sydney)"] = "ap-southeast-2", ["Asia Pacific (Jakarta)"] = "ap-southeast-3", ["Asia Pacific (Melbourne)"] = "ap-southeast-4",
        ["Asia Pacific (Mumbai)"] = "ap-south-1", ["Asia Pacific (Hyderabad)"] = "ap-south-2", ["Asia Pacific (Hong Kong)"] = "ap-east-1",
        ["South America (Sao Paulo)"] = "sa-east-1", ["Middle East (Bahrain)"] = "me-south-1", ["Middle East (UAE)"] = "me-central-1",
        ["Africa (Cape Town)"] = "af-south-1", ["Israel (Tel Aviv)"] = "il-central-1",
        ["AWS GovCloud (US-East)"] = "us-gov-east-1", ["AWS GovCloud (US-West)"] = "us-gov-west-1", ["AWS GovCloud (US)"] = "us-gov-west-1",
    };

    public static string? FromLocation(string location) => ByLocation.GetValueOrDefault(location.Trim());
}
