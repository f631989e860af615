namespace FinOps.Core.Catalog;

/// <summary>
/// The catalog's provider codes (<c>aws</c>, <c>azure</c>, <c>gcp</c>) and how the names found in bills and
/// usage files map to them (FOCUS says <c>AWS</c>, <c>Microsoft</c>, <c>Google Cloud</c>).
/// </summary>
public static class CloudProviders
{
    public const string Aws = "aws";
    public const string Azure = "azure";
    public const string Gcp = "gcp";

    /// <summary>The catalog code for a provider name, or the name lower-cased when it is not one of the three.</summary>
    public static string Normalize(string? provider)
    {
        var p = (provider ?? "").Trim().ToLowerInvariant();
        return p switch
        {
            "aws" or "amazon" or "amazon web services" or "amazonaws" => Aws,
            "azure" or "microsoft" or "microsoft azure" => Azure,
            "gcp" or "google" or "google cloud" or "google cloud platform" => Gcp,
            _ => p,
        };
    }

    /// <summary>
    /// The region whose prices stand in when a region has none in the catalog (the shipped AWS prices cover
    /// us-east-1 only): prices of one region keep the ratios between types, which is what rightsizing compares.
    /// </summary>
    public static string? ReferenceRegion(string provider) => Normalize(provider) switch
    {
        Aws => "us-east-1",
        Azure => "eastus",
        Gcp => "us-central1",
        _ => null,
    };

    /// <summary>Guesses the provider from a resource id when a usage file does not say.</summary>
    public static string? FromResourceId(string resourceId) =>
        resourceId.StartsWith("/subscriptions/", StringComparison.OrdinalIgnoreCase) ? Azure
        : resourceId.StartsWith("i-", StringComparison.Ordinal) || resourceId.StartsWith("arn:aws:", StringComparison.Ordinal) ? Aws
        : resourceId.StartsWith("projects/", StringComparison.Ordinal) || resourceId.StartsWith("//compute.googleapis.com/", StringComparison.Ordinal) ? Gcp
        : null;
}
