using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinOps.Core.Anomalies;
using FinOps.Tests.Api.Accounts;
using FinOps.Tests.Infrastructure;
using FinOps.Tests.Integration.Anomalies;
using Microsoft.Extensions.DependencyInjection;

namespace FinOps.Tests.Api.Anomalies;

/// <summary>The API over a database holding the generated bill with one spike, scored by the real detection run.</summary>
public sealed class AnomaliesApiFactory(PostgresServer postgres) : ApiFactory(postgres)
{
    public static readonly DateOnly SpikeDay = new(2025, 6, 18);

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        var lines = AnomalyBill.Generate(new DateOnly(2025, 6, 20));
        lines.Add(new BillLine(SpikeDay, AnomalyBill.Prod, "AmazonEC2", "us-east-1", "i-0gpu-forgotten", "BoxUsage:p4d.24xlarge", "Usage", 2500));
        await AnomalyBill.LoadAsync(ConnectionString, lines, CancellationToken.None);
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AnomalyDetectionService>().RunAsync(SpikeDay.AddDays(-10), CancellationToken.None);
    }
}

public sealed class AnomaliesApiTests(AnomaliesApiFactory api) : IClassFixture<AnomaliesApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpClient> ClientAsync(string role) =>
        role == "admin" ? api.CreateAdminClient() : api.CreateClient(await AccountsApiTests.CreateKeyAsync(api.CreateAdminClient(), role));

    private async Task<JsonElement> GetAsync(HttpClient client, string url)
    {
        var response = await client.GetAsync(url, Ct);
        Assert.True(response.IsSuccessStatusCode, $"{url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return await response.Content.ReadFromJsonAsync<JsonElement>(Ct);
    }

    private async Task<Guid> IdOfAsync(string scopeLabel)
    {
        var page = await GetAsync(api.CreateAdminClient(), "/api/v1/anomalies?includeExplained=true&pageSize=50");
        return page.GetProperty("items").EnumerateArray().Single(i => i.GetProperty("scopeLabel").GetString() == scopeLabel).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task List_reports_the_most_specific_anomaly_and_filters_and_pages()
    {
        var viewer = await ClientAsync("viewer");

        var page = await GetAsync(viewer, "/api/v1/anomalies");
        Assert.Equal(1, page.GetProperty("total").GetInt32());
        var item = page.GetProperty("items")[0];
        Assert.Equal("service=AmazonEC2 in sub_account=111111111111", item.GetProperty("scopeLabel").GetString());
        Assert.Equal("2025-06-18", item.GetProperty("day").GetString());
        Assert.Equal("critical", item.GetProperty("severity").GetString());
        Assert.InRange(item.GetProperty("impactAmount").GetDecimal(), 2400m, 2600m);

        Assert.Equal(5, (await GetAsync(viewer, "/api/v1/anomalies?includeExplained=true")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await GetAsync(viewer, "/api/v1/anomalies?scope=ec2&severity=critical,high")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetAsync(viewer, "/api/v1/anomalies?severity=low")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetAsync(viewer, "/api/v1/anomalies?minImpact=5000")).GetProperty("total").GetInt32());
        Assert.Equal(0, (await GetAsync(viewer, "/api/v1/anomalies?from=2025-06-19")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await GetAsync(viewer, "/api/v1/anomalies?from=2025-06-01&to=2025-06-18&dimension=sub_account_service")).GetProperty("total").GetInt32());
        var third = await GetAsync(viewer, "/api/v1/anomalies?includeExplained=true&pageSize=2&page=3");
        Assert.Equal((5, 1), (third.GetProperty("total").GetInt32(), third.GetProperty("items").GetArrayLength()));
    }

    [Fact]
    public async Task Bad_filters_get_400_naming_the_field()
    {
        var viewer = await ClientAsync("viewer");
        foreach (var (query, field) in new[] { ("status=bogus", "status"), ("severity=huge", "severity"), ("pageSize=0", "PageSize"), ("from=2025-06-10&to=2025-06-01", "to") })
        {
            var response = await viewer.GetAsync($"/api/v1/anomalies?{query}", Ct);
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var errors = (await response.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors");
            Assert.True(errors.EnumerateObject().Any(e => e.Name.Equals(field, StringComparison.OrdinalIgnoreCase)), $"{query}: {errors}");
        }
    }

    [Fact]
    public async Task Detail_has_the_actual_against_expected_band_around_the_day_and_ranked_root_causes()
    {
        var viewer = await ClientAsync("viewer");
        var id = await IdOfAsync("service=AmazonEC2 in sub_account=111111111111");

        var detail = await GetAsync(viewer, $"/api/v1/anomalies/{id}");

        var series = detail.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal("2025-05-19", series[0].GetProperty("day").GetString());
        Assert.Equal("2025-06-20", series[^1].GetProperty("day").GetString()); // the bill ends there
        var spike = series.Single(p => p.GetProperty("day").GetString() == "2025-06-18");
        Assert.True(spike.GetProperty("outsideBand").GetBoolean());
        Assert.True(spike.GetProperty("actual").GetDecimal() > spike.GetProperty("upper").GetDecimal());
        Assert.Single(series, p => p.GetProperty("outsideBand").GetBoolean());
        Assert.All(series, p => Assert.True(p.GetProperty("expected").ValueKind == JsonValueKind.Number, p.ToString()));
        var causes = detail.GetProperty("rootCauses").EnumerateArray().ToList();
        Assert.Contains(causes, c => c.GetProperty("dimension").GetString() == "resource" && c.GetProperty("value").GetString() == "i-0gpu-forgotten");
        Assert.Equal(4, detail.GetProperty("explains").GetArrayLength());

        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync($"/api/v1/anomalies/{Guid.NewGuid()}", Ct)).StatusCode);
    }

    [Fact]
    public async Task Summary_counts_open_reported_anomalies_by_severity()
    {
        var summary = await GetAsync(await ClientAsync("viewer"), "/api/v1/anomalies/summary");
        Assert.Equal(1, summary.GetProperty("open").GetInt32());
        Assert.Equal(1, summary.GetProperty("bySeverity").GetProperty("critical").GetInt32());
        Assert.Equal(0, summary.GetProperty("bySeverity").GetProperty("low").GetInt32());
        Assert.Equal("2025-06-18", summary.GetProperty("latestDay").GetString());
    }

    [Fact]
    public async Task Analysts_acknowledge_and_resolve_with_audit_and_state_rules()
    {
        var id = await IdOfAsync("total");
        var viewer = await ClientAsync("viewer");
        var analyst = await ClientAsync("analyst");

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsJsonAsync($"/api/v1/anomalies/{id}/acknowledge", new { }, Ct)).StatusCode);
        var acknowledged = await analyst.PostAsJsonAsync($"/api/v1/anomalies/{id}/acknowledge", new { note = "looking" }, Ct);
        Assert.Equal(HttpStatusCode.OK, acknowledged.StatusCode);
        Assert.Equal("acknowledged", (await acknowledged.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        var twice = await analyst.PostAsJsonAsync($"/api/v1/anomalies/{id}/acknowledge", new { }, Ct);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal("application/problem+json", twice.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.OK, (await analyst.PostAsJsonAsync($"/api/v1/anomalies/{id}/resolve", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await analyst.PostAsJsonAsync($"/api/v1/anomalies/{id}/resolve", new { }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.PostAsJsonAsync($"/api/v1/anomalies/{Guid.NewGuid()}/resolve", new { }, Ct)).StatusCode);

        await using var conn = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new Npgsql.NpgsqlCommand("select action, actor from finops.audit_log where entity_id = $1 order by id", conn);
        cmd.Parameters.AddWithValue(id.ToString());
        var rows = new List<(string, string)>();
        await using (var r = await cmd.ExecuteReaderAsync(Ct))
        {
            while (await r.ReadAsync(Ct))
            {
                rows.Add((r.GetString(0), r.GetString(1)));
            }
        }
        Assert.Equal([("anomaly.acknowledge", "key:analyst-key"), ("anomaly.resolve", "key:analyst-key")], rows);
    }

    [Fact]
    public async Task Feedback_is_validated_and_maps_to_status()
    {
        var analyst = await ClientAsync("analyst");
        var regionId = await IdOfAsync("region=us-east-1");
        var serviceId = await IdOfAsync("service=AmazonEC2");

        var invalid = await analyst.PostAsJsonAsync($"/api/v1/anomalies/{regionId}/feedback", new { feedback = "maybe" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains((await invalid.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject(),
            e => e.Name.Equals("feedback", StringComparison.OrdinalIgnoreCase));

        var planned = await (await analyst.PostAsJsonAsync($"/api/v1/anomalies/{regionId}/feedback", new { feedback = "planned_activity", note = "load test" }, Ct))
            .Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("resolved", "planned_activity", "load test"),
            (planned.GetProperty("status").GetString(), planned.GetProperty("feedback").GetString(), planned.GetProperty("feedbackNote").GetString()));
        var no = await (await analyst.PostAsJsonAsync($"/api/v1/anomalies/{serviceId}/feedback", new { feedback = "no" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal("false_positive", no.GetProperty("status").GetString());
    }

    [Fact]
    public async Task Subscriptions_are_analyst_only_validated_audited_and_never_return_the_webhook_url()
    {
        const string secret = "https://hooks.slack.com/services/T000/B000/VerySecretToken42";
        var analyst = await ClientAsync("analyst");
        var viewer = await ClientAsync("viewer");

        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/v1/anomalies/subscriptions", Ct)).StatusCode);
        var bad = await analyst.PostAsJsonAsync("/api/v1/anomalies/subscriptions", new { name = "x", channel = "pager", frequency = "hourly", webhookUrl = "nope" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var badErrors = (await bad.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("errors").EnumerateObject().Select(e => e.Name.ToLowerInvariant()).ToList();
        Assert.Contains("channel", badErrors);
        Assert.Contains("frequency", badErrors);
        var badUrl = await analyst.PostAsJsonAsync("/api/v1/anomalies/subscriptions", new { name = "x", channel = "slack", frequency = "daily", webhookUrl = "nope" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, badUrl.StatusCode);

        var created = await analyst.PostAsJsonAsync("/api/v1/anomalies/subscriptions", new
        {
            name = "FinOps channel", channel = "slack", frequency = "immediate", webhookUrl = secret, minImpactAmount = 250, minImpactPercent = 20,
            scopeFilter = new { subAccountId = AnomalyBill.Prod, minSeverity = "high" },
        }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var createdText = await created.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("VerySecretToken42", createdText);
        var body = JsonDocument.Parse(createdText).RootElement;
        Assert.Equal("https://hooks.slack.com/***", body.GetProperty("webhook").GetString());
        Assert.Equal("high", body.GetProperty("scopeFilter").GetProperty("minSeverity").GetString());
        var id = body.GetProperty("id").GetGuid();

        var updated = await analyst.PutAsJsonAsync($"/api/v1/anomalies/subscriptions/{id}", new { name = "FinOps digest", channel = "slack", frequency = "daily" }, Ct);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var listText = await (await analyst.GetAsync("/api/v1/anomalies/subscriptions", Ct)).Content.ReadAsStringAsync(Ct);
        Assert.Contains("FinOps digest", listText);
        Assert.Contains("https://hooks.slack.com/***", listText); // the URL was kept
        Assert.DoesNotContain("VerySecretToken42", listText);

        Assert.Equal(HttpStatusCode.NoContent, (await analyst.DeleteAsync($"/api/v1/anomalies/subscriptions/{id}", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.GetAsync($"/api/v1/anomalies/subscriptions/{id}", Ct)).StatusCode);

        await using var conn = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new Npgsql.NpgsqlCommand("select string_agg(action || ' ' || details::text, ' | ' order by id) from finops.audit_log where entity_id = $1", conn);
        cmd.Parameters.AddWithValue(id.ToString());
        var audit = (string)(await cmd.ExecuteScalarAsync(Ct))!;
        Assert.Contains("alert_subscription.create", audit);
        Assert.Contains("alert_subscription.update", audit);
        Assert.Contains("alert_subscription.delete", audit);
        Assert.DoesNotContain("VerySecretToken42", audit);
    }
}
