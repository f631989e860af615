namespace FinOps.Core.Ingestion.Formats;

/// <summary>A format recognised from a header, or why none was.</summary>
/// <param name="Format">One of <see cref="IngestionFormats"/>, or null when none matches.</param>
/// <param name="Missing">Required columns the header lacks (for the format detected, forced or closest).</param>
/// <param name="Closest">When nothing matched: the format the header resembles most.</param>
public sealed record DetectedFormat(string? Format, IReadOnlyList<string> Missing, string? Closest = null)
{
    public bool IsKnown => Format is not null && Missing.Count == 0;

    /// <summary>A message a user can act on.</summary>
    public string Describe() => Format is not null && Missing.Count == 0
        ? $"Detected format {Format}."
        : Format is not null
            ? $"The file is not a valid {Format} export: missing required column(s) {string.Join(", ", Missing)}."
            : Closest is null
                ? "The header matches no supported format (FOCUS, AWS CUR, AWS CUR 2.0, Azure cost details, GCP billing export, OCI cost report, usage metrics)."
                : $"The header matches no supported format. It looks most like {Closest} but lacks the required column(s) {string.Join(", ", Missing)}.";
}

/// <summary>
/// Recognises the export format from its column names (the content of the file decides, not its name).
/// Required columns are listed with their alternatives separated by <c>|</c>.
/// </summary>
public static class FormatDetector
{
    internal static readonly IReadOnlyDictionary<string, string[]> RequiredColumns = new Dictionary<string, string[]>
    {
        [IngestionFormats.Focus] = FocusMapper.Required,
        [IngestionFormats.AwsCur] = AwsCurMapper.RequiredLegacy,
        [IngestionFormats.AwsCur2] = AwsCurMapper.Required2,
        [IngestionFormats.Azure] = AzureMapper.Required,
        [IngestionFormats.Gcp] = GcpMapper.Required,
        [IngestionFormats.Oci] = OciMapper.Required,
        [IngestionFormats.Usage] = UsageMapper.Required,
    };

    /// <summary>Detects the format of a header; <paramref name="forced"/> skips detection and only checks the required columns.</summary>
    public static DetectedFormat Detect(IReadOnlyList<string> header, string? forced = null)
    {
        var h = new HeaderIndex(header);
        if (forced is not null)
        {
            return new DetectedFormat(forced, MissingColumns(h, forced));
        }
        var format = Recognise(h, header);
        if (format is not null)
        {
            return new DetectedFormat(format, MissingColumns(h, format));
        }
        // Nothing matched: name the closest format and what it lacks.
        var closest = RequiredColumns
            .Select(kv => (Format: kv.Key, Missing: MissingColumns(h, kv.Key), Total: kv.Value.Length))
            .OrderBy(x => (double)x.Missing.Count / x.Total)
            .ThenBy(x => x.Missing.Count)
            .First();
        return closest.Missing.Count < RequiredColumns[closest.Format].Length
            ? new DetectedFormat(null, closest.Missing, closest.Format)
            : new DetectedFormat(null, [], null);
    }

    private static string? Recognise(HeaderIndex h, IReadOnlyList<string> raw)
    {
        if (h.Has("resource_id") && h.Has("metric") && h.Has("timestamp") && h.Has("average"))
        {
            return IngestionFormats.Usage;
        }
        if (h.Has("BilledCost") || (h.Has("ChargePeriodStart") && h.Has("BillingCurrency")))
        {
            return IngestionFormats.Focus;
        }
        if (h.Has("cost/myCost") || h.Has("lineItem/intervalUsageStart"))
        {
            return IngestionFormats.Oci;
        }
        if (h.Has("lineItem/UnblendedCost") || h.Has("lineItem/UsageStartDate") || h.Has("lineItem/LineItemType"))
        {
            return raw.Any(n => n.StartsWith("lineItem/", StringComparison.OrdinalIgnoreCase) || n.StartsWith("bill/", StringComparison.OrdinalIgnoreCase))
                ? IngestionFormats.AwsCur
                : IngestionFormats.AwsCur2;
        }
        if (h.Has("usage_start_time") && h.Has("billing_account_id"))
        {
            return IngestionFormats.Gcp;
        }
        if (h.Has("CostInBillingCurrency", "Cost", "PreTaxCost") && h.Has("SubscriptionId", "SubscriptionGuid"))
        {
            return IngestionFormats.Azure;
        }
        return null;
    }

    private static List<string> MissingColumns(HeaderIndex h, string format) =>
        RequiredColumns[format].Where(spec => !h.Has(spec.Split('|'))).ToList();

    internal static BillingMapper CreateMapper(string format, HeaderIndex header, string fileName) => format switch
    {
        IngestionFormats.Focus => new FocusMapper(header),
        IngestionFormats.AwsCur => new AwsCurMapper(header, cur2: false),
        IngestionFormats.AwsCur2 => new AwsCurMapper(header, cur2: true),
        IngestionFormats.Azure => new AzureMapper(header, fileName),
        IngestionFormats.Gcp => new GcpMapper(header),
        IngestionFormats.Oci => new OciMapper(header),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Not a billing format."),
    };
}
