using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using FinOps.Core.IO;
using FinOps.Core.Catalog.PriceLists;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinOps.Core.Catalog;

/// <summary>
/// Keeps <c>instance_catalog</c> filled: the shipped snapshot when it is empty, then every price list found in
/// <see cref="CatalogOptions.PriceListFolder"/> and at <see cref="CatalogOptions.PriceListUrls"/>. A file that
/// cannot be read is reported and skipped; the others still load.
/// </summary>
public sealed class CatalogUpdater(CatalogStore store, CatalogHttp http, IOptions<CatalogOptions> options, ILogger<CatalogUpdater> logger)
{
    public sealed record SourceResult(string Source, string Format, int Rows, int Inserted, int Updated, string? Error);

    public sealed record UpdateResult(int SnapshotRows, IReadOnlyList<SourceResult> Sources, IReadOnlyList<CatalogStore.ProviderCount> Counts)
    {
        public string Summary =>
            (SnapshotRows > 0 ? $"snapshot loaded ({SnapshotRows:N0} rows); " : "")
            + (Sources.Count == 0 ? "no price lists configured" : string.Join("; ", Sources.Select(s => s.Error is null
                ? $"{s.Source}: {s.Format}, {s.Rows:N0} prices ({s.Inserted:N0} new, {s.Updated:N0} updated)"
                : $"{s.Source}: failed: {s.Error}")))
            + "; catalog: " + string.Join(", ", Counts.Select(c => $"{c.Provider} {c.PricedTypes:N0} priced types"));
    }

    public async Task<UpdateResult> RunAsync(CancellationToken ct)
    {
        using var activity = CatalogTelemetry.ActivitySource.StartActivity("catalog update");
        var seeded = await store.EnsureSeededAsync(ct);
        var results = new List<SourceResult>();
        var o = options.Value;
        if (!string.IsNullOrWhiteSpace(o.PriceListFolder))
        {
            if (!Directory.Exists(o.PriceListFolder))
            {
                results.Add(new SourceResult(o.PriceListFolder, "folder", 0, 0, 0, "the folder does not exist"));
            }
            else
            {
                foreach (var file in Directory.EnumerateFiles(o.PriceListFolder).Where(IsPriceList).Order(StringComparer.Ordinal))
                {
                    results.Add(await LoadFileAsync(file, ct));
                }
            }
        }
        foreach (var url in o.PriceListUrls.Where(u => !string.IsNullOrWhiteSpace(u)))
        {
            results.Add(await LoadUrlAsync(url, o.MaxPages, ct));
        }
        var counts = await store.CountsAsync(ct);
        foreach (var c in counts)
        {
            logger.LogInformation("Catalog {Provider}: {Types} types ({Priced} priced) in {Regions} regions", c.Provider, c.Types, c.PricedTypes, c.Regions);
        }
        return new UpdateResult(seeded, results, counts);
    }

    private static bool IsPriceList(string path)
    {
        var name = Path.GetFileName(path).ToLowerInvariant();
        if (name.EndsWith(".gz", StringComparison.Ordinal))
        {
            name = name[..^3];
        }
        return name.EndsWith(".json", StringComparison.Ordinal) || name.EndsWith(".yml", StringComparison.Ordinal) || name.EndsWith(".yaml", StringComparison.Ordinal);
    }

    private async Task<SourceResult> LoadFileAsync(string path, CancellationToken ct)
    {
        try
        {
            await using var file = File.OpenRead(path);
            await using var content = path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : (Stream)file;
            var (format, rows, _) = await ParseAsync(content, Path.GetFileName(path), ct);
            return await SaveAsync(Path.GetFileName(path), format, rows, ct);
        }
        catch (Exception e) when (e is DomainValidationException or System.Text.Json.JsonException or YamlDotNet.Core.YamlException or IOException or InvalidDataException)
        {
            logger.LogWarning("Price list {File} skipped: {Error}", path, e.Message);
            return new SourceResult(Path.GetFileName(path), "unknown", 0, 0, 0, e.Message);
        }
    }

    private async Task<SourceResult> LoadUrlAsync(string url, int maxPages, CancellationToken ct)
    {
        var client = http.Client;
        var rows = new List<InstanceType>();
        var format = "unknown";
        string? next = url;
        try
        {
            for (var page = 0; next is not null && page < maxPages; page++)
            {
                using var response = await client.GetAsync(next, HttpCompletionOption.ResponseHeadersRead, ct);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(ct);
                var (f, pageRows, nextLink) = await ParseAsync(body, new Uri(next).AbsolutePath, ct);
                format = f;
                rows.AddRange(pageRows);
                next = nextLink;
            }
            return await SaveAsync(url, format, rows, ct);
        }
        catch (Exception e) when (e is HttpRequestException or DomainValidationException or System.Text.Json.JsonException or YamlDotNet.Core.YamlException or UriFormatException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            logger.LogWarning("Price list {Url} skipped: {Error}", url, e.Message);
            return new SourceResult(url, format, 0, 0, 0, e.Message);
        }
    }

    /// <summary>Recognises the format by its first significant character and keys: JSON with <c>Items</c> is Azure, other JSON is AWS, anything else YAML (GCP).</summary>
    internal static async Task<(string Format, List<InstanceType> Rows, string? NextPage)> ParseAsync(Stream content, string name, CancellationToken ct)
    {
        var buffered = new BufferedStream(content, 1 << 16);
        var head = new byte[4096];
        var read = await ReadPrefixAsync(buffered, head, ct);
        var text = Encoding.UTF8.GetString(head, 0, read).TrimStart('\uFEFF', ' ', '\r', '\n', '\t');
        var stream = new PrefixedStream(head.AsMemory(0, read), buffered, leaveOpen: true);
        if (text.StartsWith('{'))
        {
            if (text.Contains("\"Items\"", StringComparison.Ordinal) || text.Contains("\"BillingCurrency\"", StringComparison.Ordinal))
            {
                var page = await AzureRetailPricesParser.ParseAsync(stream, ct);
                return ("azure-retail-prices", page.Rows, page.NextPageLink);
            }
            return ("aws-price-list", await AwsPriceListParser.ParseAsync(stream, ct), null);
        }
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return ("gcp-pricing-yml", GcpPricingParser.Parse(reader), null);
    }

    private static async Task<int> ReadPrefixAsync(Stream s, byte[] buffer, CancellationToken ct)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = await s.ReadAsync(buffer.AsMemory(total), ct);
            if (n == 0)
            {
                break;
            }
            total += n;
        }
        return total;
    }

    private async Task<SourceResult> SaveAsync(string source, string format, List<InstanceType> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return new SourceResult(source, format, 0, 0, 0, "no on-demand compute prices found");
        }
        var started = Stopwatch.GetTimestamp();
        var (inserted, updated) = await store.UpsertAsync(rows, ct);
        CatalogTelemetry.PricesLoaded.Add(rows.Count, new KeyValuePair<string, object?>("format", format));
        logger.LogInformation("Price list {Source} ({Format}): {Rows} prices, {Inserted} new, {Updated} updated in {Elapsed:F1} s",
            source, format, rows.Count, inserted, updated, Stopwatch.GetElapsedTime(started).TotalSeconds);
        return new SourceResult(source, format, rows.Count, inserted, updated, null);
    }
}

/// <summary>The HTTP client price lists are downloaded with (one per process; price lists are rare, large downloads).</summary>
public sealed record CatalogHttp(HttpClient Client);
