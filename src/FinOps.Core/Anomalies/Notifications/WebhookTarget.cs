using Microsoft.Extensions.Configuration;

namespace FinOps.Core.Anomalies.Notifications;

/// <summary>
/// A subscription's webhook: stored as given in <see cref="AlertSubscription.WebhookSecretRef"/>, either the URL itself or
/// <c>config:Some:Key</c> naming a configuration key (which Vault or the environment fills). The URL carries its secret
/// in the path (Slack, Teams), so it is resolved only to send and is shown masked everywhere else.
/// </summary>
public static class WebhookTarget
{
    public const string ConfigPrefix = "config:";

    /// <summary>The URL to post to, or null when a configuration reference is not set or the value is not an http(s) URL.</summary>
    public static Uri? Resolve(string secretRef, IConfiguration configuration)
    {
        var value = secretRef.StartsWith(ConfigPrefix, StringComparison.Ordinal) ? configuration[secretRef[ConfigPrefix.Length..]] : secretRef;
        return Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri : null;
    }

    /// <summary>What may be shown of a webhook: a configuration reference as is, a URL as scheme, host and port only.</summary>
    public static string Mask(string secretRef)
    {
        if (secretRef.StartsWith(ConfigPrefix, StringComparison.Ordinal))
        {
            return secretRef;
        }
        return Uri.TryCreate(secretRef, UriKind.Absolute, out var uri) ? $"{uri.Scheme}://{uri.Authority}/***" : "***";
    }

    /// <summary>True for a value a subscription may be created with: an http(s) URL or a configuration reference.</summary>
    public static bool IsValid(string secretRef) =>
        secretRef.StartsWith(ConfigPrefix, StringComparison.Ordinal) && secretRef.Length > ConfigPrefix.Length
        || Uri.TryCreate(secretRef, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);
}
