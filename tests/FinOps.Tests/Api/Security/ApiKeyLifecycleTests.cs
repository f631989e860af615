using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using FinOps.Tests.Api.Accounts;
using FinOps.Tests.Infrastructure;

namespace FinOps.Tests.Api.Security;

public sealed class ApiKeyLifecycleTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Created_key_works_with_its_role_and_stops_working_when_revoked()
    {
        var admin = api.CreateAdminClient();
        var created = await (await admin.PostAsJsonAsync("/api/v1/apikeys", new { name = "ci", role = "operator" }, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var key = created.GetProperty("key").GetString()!;
        var client = api.CreateClient(key);

        var me = await client.GetFromJsonAsync<JsonElement>("/api/v1/me", TestContext.Current.CancellationToken);
        Assert.Equal("operator", me.GetProperty("role").GetString());
        Assert.Equal("key:ci", me.GetProperty("name").GetString());

        // Operators may not manage keys.
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/apikeys", TestContext.Current.CancellationToken)).StatusCode);

        var list = await admin.GetFromJsonAsync<JsonElement>("/api/v1/apikeys", TestContext.Current.CancellationToken);
        var listed = list.EnumerateArray().Single(k => k.GetProperty("name").GetString() == "ci");
        Assert.False(listed.TryGetProperty("key", out _));
        Assert.False(listed.TryGetProperty("keyHash", out _));

        var id = created.GetProperty("id").GetString();
        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/v1/apikeys/{id}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Only_the_hash_of_a_key_is_stored()
    {
        var key = await AccountsApiTests.CreateKeyAsync(api.CreateAdminClient(), "viewer");
        await using var conn = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        await using var cmd = new Npgsql.NpgsqlCommand("select count(*) from finops.api_keys where key_hash = $1 or prefix = $1", conn);
        cmd.Parameters.AddWithValue(key);
        Assert.Equal(0L, await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Unknown_role_is_rejected_naming_the_field()
    {
        var response = await api.CreateAdminClient().PostAsJsonAsync("/api/v1/apikeys", new { name = "x", role = "superuser" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty("role", out _));
    }
}
