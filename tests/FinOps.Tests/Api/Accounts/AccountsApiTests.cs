using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using FinOps.Tests.Infrastructure;

namespace FinOps.Tests.Api.Accounts;

public sealed class AccountsApiTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    private static readonly object ValidAccount = new
    {
        provider = "AWS", subAccountId = "123456789012", name = "Production", owner = "platform", monthlyBudget = 12500.50m, currency = "USD",
    };

    [Fact]
    public async Task Analyst_creates_account_and_viewer_reads_it_with_audit_entry()
    {
        var admin = api.CreateAdminClient();
        var analyst = api.CreateClient(await CreateKeyAsync(admin, "analyst"));
        var viewer = api.CreateClient(await CreateKeyAsync(admin, "viewer"));

        var created = await analyst.PostAsJsonAsync("/api/v1/accounts", ValidAccount, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var id = body.GetProperty("id").GetGuid();

        var read = await viewer.GetFromJsonAsync<JsonElement>($"/api/v1/accounts/{id}", TestContext.Current.CancellationToken);
        Assert.Equal("Production", read.GetProperty("name").GetString());
        Assert.Equal(12500.50m, read.GetProperty("monthlyBudget").GetDecimal());

        await using var conn = new Npgsql.NpgsqlConnection(api.ConnectionString);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        await using var cmd = new Npgsql.NpgsqlCommand("select actor from finops.audit_log where action = 'account.create' and entity_id = $1", conn);
        cmd.Parameters.AddWithValue(id.ToString());
        Assert.Equal("key:analyst-key", await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Viewer_cannot_create_account()
    {
        var viewer = api.CreateClient(await CreateKeyAsync(api.CreateAdminClient(), "viewer"));
        var response = await viewer.PostAsJsonAsync("/api/v1/accounts", ValidAccount, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Missing_and_wrong_credentials_get_401()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient((string?)null).GetAsync("/api/v1/accounts", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient("fo_wrong").GetAsync("/api/v1/accounts", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Invalid_field_values_get_400_naming_the_field()
    {
        var admin = api.CreateAdminClient();
        var response = await admin.PostAsJsonAsync("/api/v1/accounts",
            new { provider = "AWS", subAccountId = "", name = "x", currency = "dollars" }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("SubAccountId", out _) || errors.TryGetProperty("subAccountId", out _), errors.ToString());
        Assert.True(errors.TryGetProperty("Currency", out _) || errors.TryGetProperty("currency", out _), errors.ToString());
    }

    [Fact]
    public async Task Malformed_json_gets_400_naming_the_field()
    {
        var admin = api.CreateAdminClient();
        var content = new StringContent("""{"provider":"AWS","subAccountId":"1","name":"x","monthlyBudget":"lots"}""", Encoding.UTF8, "application/json");
        var response = await admin.PostAsync("/api/v1/accounts", content, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        Assert.True(problem.GetProperty("errors").TryGetProperty("monthlyBudget", out _), problem.ToString());
    }

    [Fact]
    public async Task Unknown_id_gets_404_and_duplicate_gets_409()
    {
        var admin = api.CreateAdminClient();
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/accounts/{Guid.NewGuid()}", TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/v1/accounts/{Guid.NewGuid()}", TestContext.Current.CancellationToken)).StatusCode);

        var account = new { provider = "Microsoft", subAccountId = "sub-dup", name = "Dup" };
        Assert.Equal(HttpStatusCode.Created, (await admin.PostAsJsonAsync("/api/v1/accounts", account, TestContext.Current.CancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await admin.PostAsJsonAsync("/api/v1/accounts", account, TestContext.Current.CancellationToken)).StatusCode);
    }

    internal static async Task<string> CreateKeyAsync(HttpClient admin, string role)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/apikeys", new { name = $"{role}-key", role });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }
}
