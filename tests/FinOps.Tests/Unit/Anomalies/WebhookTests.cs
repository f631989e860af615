using System.Text.Json.Nodes;
using FinOps.Core.Anomalies;
using FinOps.Core.Anomalies.Notifications;
using Microsoft.Extensions.Configuration;

namespace FinOps.Tests.Unit.Anomalies;

public sealed class WebhookTests
{
    private const string SlackUrl = "https://hooks.slack.com/services/T000/B000/s3cr3tT0k3n";

    private static Anomaly Sample() => new()
    {
        Id = Guid.Parse("0193a000-0000-7000-8000-000000000001"), Day = new DateOnly(2025, 6, 10), ScopeDimension = ScopeDimensions.Service,
        ScopeLabel = "service=AmazonEC2", ServiceName = "AmazonEC2", Severity = AnomalySeverity.High, Actual = 1500, Expected = 1000,
        UpperBound = 1100, ImpactAmount = 500, ImpactPercent = 50,
    };

    [Fact]
    public void Webhook_urls_are_masked_to_scheme_and_host_and_configuration_references_resolve()
    {
        Assert.Equal("https://hooks.slack.com/***", WebhookTarget.Mask(SlackUrl));
        Assert.Equal("config:Alerts:Slack", WebhookTarget.Mask("config:Alerts:Slack"));
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Alerts:Slack"] = SlackUrl }).Build();
        Assert.Equal(new Uri(SlackUrl), WebhookTarget.Resolve("config:Alerts:Slack", configuration));
        Assert.Null(WebhookTarget.Resolve("config:Alerts:Missing", configuration));
        Assert.Null(WebhookTarget.Resolve("ftp://example.com/x", configuration));
        Assert.False(WebhookTarget.IsValid("not a url"));
    }

    [Fact]
    public void Slack_teams_and_generic_payloads_have_their_channel_shape()
    {
        var slack = WebhookPayloads.Build(WebhookPayloads.Slack, "1 new cost anomaly", [Sample()], "https://finops.example.com");
        Assert.Contains("500.00 USD above expected", slack["text"]!.GetValue<string>());
        var blocks = slack["blocks"]!.AsArray();
        Assert.Equal("header", blocks[0]!["type"]!.GetValue<string>());
        Assert.Contains("service=AmazonEC2", blocks[1]!["text"]!["text"]!.GetValue<string>());
        Assert.Contains("https://finops.example.com/anomalies/0193a000-0000-7000-8000-000000000001", blocks[1]!["text"]!["text"]!.GetValue<string>());

        var teams = WebhookPayloads.Build(WebhookPayloads.Teams, "1 new cost anomaly", [Sample()], null);
        Assert.Equal("MessageCard", teams["@type"]!.GetValue<string>());
        Assert.Equal("D13438", teams["themeColor"]!.GetValue<string>());
        Assert.Equal("Impact", teams["sections"]![0]!["facts"]![3]!["name"]!.GetValue<string>());

        var generic = WebhookPayloads.Build(WebhookPayloads.Webhook, "1 new cost anomaly", [Sample()], null);
        Assert.Equal(1, generic["count"]!.GetValue<int>());
        var item = generic["anomalies"]![0]!.AsObject();
        Assert.Equal(500m, item["impact"]!.GetValue<decimal>());
        Assert.Equal("2025-06-10", item["day"]!.GetValue<string>());
    }

    [Fact]
    public void Subscriptions_match_on_dollar_and_percent_thresholds_and_their_scope_filter()
    {
        var a = Sample();
        Assert.True(AlertNotifier.Matches(new AlertSubscription { Name = "x", WebhookSecretRef = SlackUrl, MinImpactAmount = 500, MinImpactPercent = 50 }, a));
        Assert.False(AlertNotifier.Matches(new AlertSubscription { Name = "x", WebhookSecretRef = SlackUrl, MinImpactAmount = 501 }, a));
        Assert.False(AlertNotifier.Matches(new AlertSubscription { Name = "x", WebhookSecretRef = SlackUrl, MinImpactPercent = 60 }, a));
        Assert.True(AlertNotifier.Matches(new AlertSubscription { Name = "x", WebhookSecretRef = SlackUrl, ScopeFilter = """{"serviceName":"AmazonEC2","minSeverity":"medium"}""" }, a));
        Assert.False(AlertNotifier.Matches(new AlertSubscription { Name = "x", WebhookSecretRef = SlackUrl, ScopeFilter = """{"minSeverity":"critical"}""" }, a));
        Assert.False(AlertNotifier.Matches(new AlertSubscription { Name = "x", WebhookSecretRef = SlackUrl, ScopeFilter = """{"subAccountId":"999"}""" }, a));
    }
}
