using System.Globalization;
using System.Text.Json.Nodes;

namespace FinOps.Core.Anomalies.Notifications;

/// <summary>The message bodies each channel understands, for a batch of anomalies.</summary>
public static class WebhookPayloads
{
    public const string Slack = "slack";
    public const string Teams = "teams";
    public const string Webhook = "webhook";

    public static readonly IReadOnlyList<string> Channels = [Slack, Teams, Webhook];

    /// <param name="title">"3 new cost anomalies" or "Daily digest: …".</param>
    /// <param name="baseUrl">The web UI's address, for links; null leaves links out.</param>
    public static JsonObject Build(string channel, string title, IReadOnlyList<Anomaly> anomalies, string? baseUrl) => channel switch
    {
        Slack => ForSlack(title, anomalies, baseUrl),
        Teams => ForTeams(title, anomalies, baseUrl),
        _ => Generic(title, anomalies, baseUrl),
    };

    /// <summary>Slack incoming webhook: <c>text</c> (notifications, fallbacks) plus Block Kit sections.</summary>
    private static JsonObject ForSlack(string title, IReadOnlyList<Anomaly> anomalies, string? baseUrl)
    {
        var blocks = new JsonArray
        {
            new JsonObject { ["type"] = "header", ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = title } },
        };
        foreach (var a in anomalies.Take(20))
        {
            var link = baseUrl is null ? "" : $" <{Link(baseUrl, a)}|details>";
            blocks.Add(new JsonObject
            {
                ["type"] = "section",
                ["text"] = new JsonObject
                {
                    ["type"] = "mrkdwn",
                    ["text"] = $"*{a.Severity.ToUpperInvariant()}* {a.ScopeLabel} on {a.Day:yyyy-MM-dd}: {Money(a.Actual, a.Currency)} vs {Money(a.Expected, a.Currency)} expected " +
                               $"(+{Money(a.ImpactAmount, a.Currency)}, +{a.ImpactPercent:F0}%){link}",
                },
            });
        }
        return new JsonObject { ["text"] = $"{title}: {Summary(anomalies)}", ["blocks"] = blocks };
    }

    /// <summary>Teams incoming webhook: a legacy MessageCard, which every Teams connector accepts.</summary>
    private static JsonObject ForTeams(string title, IReadOnlyList<Anomaly> anomalies, string? baseUrl)
    {
        var sections = new JsonArray();
        foreach (var a in anomalies.Take(20))
        {
            sections.Add(new JsonObject
            {
                ["activityTitle"] = $"{a.ScopeLabel} — {a.Severity}",
                ["facts"] = new JsonArray
                {
                    Fact("Day", a.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
                    Fact("Actual", Money(a.Actual, a.Currency)),
                    Fact("Expected", Money(a.Expected, a.Currency)),
                    Fact("Impact", $"+{Money(a.ImpactAmount, a.Currency)} (+{a.ImpactPercent:F0}%)"),
                },
            });
        }
        var card = new JsonObject
        {
            ["@type"] = "MessageCard",
            ["@context"] = "https://schema.org/extensions",
            ["summary"] = title,
            ["themeColor"] = anomalies.Any(a => a.Severity is AnomalySeverity.Critical or AnomalySeverity.High) ? "D13438" : "FFB900",
            ["title"] = title,
            ["text"] = Summary(anomalies),
            ["sections"] = sections,
        };
        if (baseUrl is not null)
        {
            card["potentialAction"] = new JsonArray
            {
                new JsonObject
                {
                    ["@type"] = "OpenUri",
                    ["name"] = "Open anomalies",
                    ["targets"] = new JsonArray { new JsonObject { ["os"] = "default", ["uri"] = $"{baseUrl.TrimEnd('/')}/anomalies" } },
                },
            };
        }
        return card;
    }

    /// <summary>Generic JSON for any receiver: the anomalies with numbers as numbers.</summary>
    private static JsonObject Generic(string title, IReadOnlyList<Anomaly> anomalies, string? baseUrl)
    {
        var items = new JsonArray();
        foreach (var a in anomalies)
        {
            items.Add(new JsonObject
            {
                ["id"] = a.Id.ToString(),
                ["day"] = a.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
                ["scopeDimension"] = a.ScopeDimension,
                ["scope"] = a.ScopeLabel,
                ["subAccountId"] = a.SubAccountId,
                ["serviceName"] = a.ServiceName,
                ["regionId"] = a.RegionId,
                ["chargeCategory"] = a.ChargeCategory,
                ["currency"] = a.Currency,
                ["actual"] = a.Actual,
                ["expected"] = a.Expected,
                ["upperBound"] = a.UpperBound,
                ["impact"] = a.ImpactAmount,
                ["impactPercent"] = Math.Round(a.ImpactPercent, 2),
                ["severity"] = a.Severity,
                ["url"] = baseUrl is null ? null : Link(baseUrl, a),
            });
        }
        return new JsonObject { ["event"] = "finops.cost_anomalies", ["title"] = title, ["count"] = anomalies.Count, ["anomalies"] = items };
    }

    private static JsonObject Fact(string name, string value) => new() { ["name"] = name, ["value"] = value };

    private static string Summary(IReadOnlyList<Anomaly> anomalies) =>
        $"{anomalies.Count} anomal{(anomalies.Count == 1 ? "y" : "ies")}, {Money(anomalies.Sum(a => a.ImpactAmount), anomalies.FirstOrDefault()?.Currency ?? "USD")} above expected";

    private static string Link(string baseUrl, Anomaly a) => $"{baseUrl.TrimEnd('/')}/anomalies/{a.Id}";

    private static string Money(decimal value, string currency) =>
        $"{value.ToString("N2", CultureInfo.InvariantCulture)} {currency}";
}
