using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinOps.Tests.Infrastructure;

namespace FinOps.Tests.Faults;

/// <summary>PostgreSQL restarted under the API: 503 problem details while it is down, recovery soon after it returns.</summary>
public sealed class DatabaseRestartTests : IAsyncLifetime
{
    private PostgresServer postgres = null!;
    private ApiFactory api = null!;

    public async ValueTask InitializeAsync()
    {
        postgres = await PostgresServer.StartPrivateAsync();
        api = new ApiFactory(postgres);
        await api.InitializeAsync();
    }

    [Fact]
    public async Task Api_answers_503_while_the_database_is_down_and_recovers_within_10_seconds_after()
    {
        var ct = TestContext.Current.CancellationToken;
        var client = api.CreateAdminClient();
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/v1/accounts",
            new { provider = "AWS", subAccountId = "111122223333", name = "prod" }, ct)).StatusCode);

        await postgres.StopAsync();
        var down = await client.GetAsync("/api/v1/accounts", ct);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, down.StatusCode);
        Assert.Equal("application/problem+json", down.Content.Headers.ContentType?.MediaType);
        Assert.True(down.Headers.RetryAfter is not null);
        var problem = await down.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(503, problem.GetProperty("status").GetInt32());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health", ct)).StatusCode);

        await postgres.StartAgainAsync();
        var back = Stopwatch.StartNew();
        HttpResponseMessage response;
        do
        {
            response = await client.GetAsync("/api/v1/accounts", ct);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                break;
            }
            await Task.Delay(250, ct);
        }
        while (back.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var accounts = await response.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("prod", accounts[0].GetProperty("name").GetString());
    }

    public async ValueTask DisposeAsync()
    {
        await api.DisposeAsync();
        await postgres.DisposeAsync();
    }
}
