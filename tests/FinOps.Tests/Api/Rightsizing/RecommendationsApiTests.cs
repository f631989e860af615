using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinOps.Core.Catalog;
using FinOps.Core.Ingestion;
using FinOps.Core.Recommendations;
using FinOps.Tests.Api.Accounts;
using FinOps.Tests.Infrastructure;
using FinOps.Tests.Integration.Rightsizing;
using Microsoft.Extensions.DependencyInjection;

namespace FinOps.Tests.Api.Rightsizing;

/// <summary>Catalog, recommendations and savings through HTTP, with a small fleet analysed by the product's own run.</summary>
public sealed class RecommendationsApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task SeedFleetAsync()
    {
        var now = api.Time.GetUtcNow();
        var start = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddDays(-14);
        using var files = new FleetFiles();
        for (var h = 0; h < 336; h++)
        {
            var at = start.AddHours(h);
            files.Metric("i-api-idle", "AWS", "us-east-1", "m5.xlarge", at, "CPUUtilization", 0.2, 0.5);
            files.Metric("i-api-quiet", "AWS", "us-east-1", "m5.2xlarge", at, "CPUUtilization", 4, 8);
            files.Metric("i-api-quiet", "AWS", "us-east-1", "m5.2xlarge", at, "MemoryUtilization", 25, 30);
            files.Metric("i-api-busy", "AWS", "us-east-1", "c5.xlarge", at, "CPUUtilization", 60, 85);
            files.InstanceHour("i-api-quiet", "AWS", "111", "us-east-1", "us-east-1a", "m5.2xlarge", at, 0.384m);
        }
        var ingestion = api.Services.GetRequiredService<IngestionService>();
        Assert.True((await ingestion.IngestAsync(new IngestionRequest(files.WriteUsage(), "usage.csv", "cli", "usage"), Ct)).Succeeded);
        Assert.True((await ingestion.IngestAsync(new IngestionRequest(files.WriteBill(), "bill.csv", "cli"), Ct)).Succeeded);
        await using var scope = api.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<RightsizingService>().RunAsync(Ct);
    }

    [Fact]
    public async Task Recommendations_walk_their_lifecycle_with_roles_conflicts_and_audit()
    {
        await SeedFleetAsync();
        var admin = api.CreateAdminClient();
        var viewer = api.CreateClient(await AccountsApiTests.CreateKeyAsync(admin, "viewer"));
        var analyst = api.CreateClient(await AccountsApiTests.CreateKeyAsync(admin, "analyst"));
        var op = api.CreateClient(await AccountsApiTests.CreateKeyAsync(admin, "operator"));

        var page = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/recommendations?status=open", Ct);
        Assert.Equal(2, page.GetProperty("total").GetInt32());
        var items = page.GetProperty("items").EnumerateArray().ToDictionary(i => i.GetProperty("resourceId").GetString()!);
        var quiet = items["i-api-quiet"];
        Assert.Equal("rightsize", quiet.GetProperty("type").GetString());
        var evidence = quiet.GetProperty("evidence");
        Assert.Equal(8, evidence.GetProperty("cpu").GetProperty("p95").GetDouble());
        Assert.Equal(0.768m, evidence.GetProperty("requiredVcpu").GetDecimal()); // m5.2xlarge: 8 vCPU × 8% × 1.2
        Assert.Contains(quiet.GetProperty("proposedType").GetString()!, evidence.GetProperty("why").GetString());
        Assert.Equal("idle_stop", items["i-api-idle"].GetProperty("type").GetString());
        Assert.Equal(page.GetProperty("totalMonthlySavings").GetDecimal(), items.Values.Sum(i => i.GetProperty("estimatedMonthlySavings").GetDecimal()));

        var filtered = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/recommendations?type=idle_stop&provider=AWS", Ct);
        Assert.Equal("i-api-idle", filtered.GetProperty("items")[0].GetProperty("resourceId").GetString());
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/api/v1/recommendations?status=bogus", Ct)).StatusCode);

        // Why does the busy box have nothing? The analysis says so.
        var analysis = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/recommendations/analysis?resourceId=i-api-busy", Ct);
        Assert.Equal("NoChange", analysis.GetProperty("outcome").GetString());
        Assert.Contains("Busy", analysis.GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await viewer.GetAsync("/api/v1/recommendations/analysis?resourceId=nothing-here", Ct)).StatusCode);

        var idleId = items["i-api-idle"].GetProperty("id").GetGuid();
        var quietId = quiet.GetProperty("id").GetGuid();
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostAsync($"/api/v1/recommendations/{idleId}/accept", null, Ct)).StatusCode);
        var accepted = await analyst.PostAsync($"/api/v1/recommendations/{idleId}/accept", null, Ct);
        Assert.Equal("accepted", (await accepted.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        var again = await analyst.PostAsync($"/api/v1/recommendations/{idleId}/accept", null, Ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("application/problem+json", again.Content.Headers.ContentType?.MediaType);

        Assert.Equal(HttpStatusCode.Forbidden, (await analyst.PostAsJsonAsync($"/api/v1/recommendations/{idleId}/apply", new { }, Ct)).StatusCode);
        var applied = await (await op.PostAsJsonAsync($"/api/v1/recommendations/{idleId}/apply", new { note = "stopped in the console" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("applied", api.Time.GetUtcNow()), (applied.GetProperty("status").GetString(), applied.GetProperty("appliedAt").GetDateTimeOffset()));
        Assert.Equal(HttpStatusCode.BadRequest, (await op.PostAsJsonAsync($"/api/v1/recommendations/{quietId}/apply", new { appliedAt = api.Time.GetUtcNow().AddDays(1) }, Ct)).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await analyst.PostAsJsonAsync($"/api/v1/recommendations/{quietId}/dismiss", new { reason = "" }, Ct)).StatusCode);
        var dismissed = await (await analyst.PostAsJsonAsync($"/api/v1/recommendations/{quietId}/dismiss", new { reason = "batch peaks at month end" }, Ct)).Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(("dismissed", "batch peaks at month end"), (dismissed.GetProperty("status").GetString(), dismissed.GetProperty("statusReason").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await analyst.PostAsync($"/api/v1/recommendations/{Guid.NewGuid()}/accept", null, Ct)).StatusCode);

        await using var conn = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync(Ct);
        await using var cmd = new Npgsql.NpgsqlCommand("select action from finops.audit_log where entity_type = 'recommendation' and actor not like 'job:%' order by id", conn);
        var actions = new List<string>();
        await using (var reader = await cmd.ExecuteReaderAsync(Ct))
        {
            while (await reader.ReadAsync(Ct))
            {
                actions.Add(reader.GetString(0));
            }
        }
        Assert.Equal(["recommendation.accept", "recommendation.apply", "recommendation.dismiss"], actions);

        var summary = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/savings/summary", Ct);
        Assert.Equal((0, 1), (summary.GetProperty("openCount").GetInt32(), summary.GetProperty("appliedPending").GetInt32()));
    }

    [Fact]
    public async Task Catalog_lists_instance_types_with_filters_and_paging()
    {
        await using (var scope = api.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<CatalogStore>().EnsureSeededAsync(Ct);
        }
        var viewer = api.CreateClient(await AccountsApiTests.CreateKeyAsync(api.CreateAdminClient(), "viewer"));
        var page = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/catalog/instances?provider=AWS&region=us-east-1&minVcpu=4&minMemoryGib=16&arch=arm64&pageSize=5&sort=price", Ct);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(5, items.Count);
        Assert.True(page.GetProperty("total").GetInt32() > 5);
        Assert.All(items, i =>
        {
            Assert.Equal(("aws", "us-east-1", "arm64"), (i.GetProperty("provider").GetString(), i.GetProperty("region").GetString(), i.GetProperty("architecture").GetString()));
            Assert.True(i.GetProperty("vcpu").GetDecimal() >= 4 && i.GetProperty("memoryGib").GetDecimal() >= 16);
        });
        var prices = items.Select(i => i.GetProperty("onDemandHourly").GetDecimal()).ToList();
        Assert.Equal(prices.Order(), prices);

        var family = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/catalog/instances?provider=azure&family=Dsv5&region=eastus&pageSize=100", Ct);
        Assert.All(family.GetProperty("items").EnumerateArray(), i => Assert.StartsWith("Standard_D", i.GetProperty("instanceType").GetString()));

        var summary = await viewer.GetFromJsonAsync<JsonElement>("/api/v1/catalog/summary", Ct);
        var counts = summary.GetProperty("providers").EnumerateArray().ToDictionary(p => p.GetProperty("provider").GetString()!, p => p.GetProperty("pricedTypes").GetInt32());
        Assert.True(counts["aws"] >= 1300 && counts["azure"] >= 1800 && counts["gcp"] >= 500);
        Assert.Contains("Apache License 2.0", summary.GetProperty("notice").GetString());

        var bad = await viewer.GetAsync("/api/v1/catalog/instances?pageSize=0", Ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.BadRequest, (await viewer.GetAsync("/api/v1/catalog/instances?sort=bogus", Ct)).StatusCode);
    }
}
