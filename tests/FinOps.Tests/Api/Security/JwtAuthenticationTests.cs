using System.Net;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json;
using FinOps.Tests.Infrastructure;

namespace FinOps.Tests.Api.Security;

public sealed class JwtApiFactory(PostgresServer postgres) : ApiFactory(postgres)
{
    public const string Audience = "finops-api";

    public FakeOidcProvider Oidc { get; } = new();

    public override async ValueTask InitializeAsync()
    {
        await Oidc.StartAsync();
        await base.InitializeAsync();
    }

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Auth:Jwt:Authority", Oidc.Issuer),
        new("Auth:Jwt:Audience", Audience),
        new("Auth:Jwt:RequireHttpsMetadata", "false"),
    ];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Oidc.DisposeAsync();
    }
}

public sealed class JwtAuthenticationTests(JwtApiFactory api) : IClassFixture<JwtApiFactory>
{
    [Fact]
    public async Task Jwt_from_the_configured_issuer_gets_the_highest_role_it_names()
    {
        var token = api.Oidc.IssueToken("alice@example.com", JwtApiFactory.Audience, ["viewer", "analyst"]);
        var me = await api.CreateClient(token).GetFromJsonAsync<JsonElement>("/api/v1/me", TestContext.Current.CancellationToken);
        Assert.Equal("analyst", me.GetProperty("role").GetString());
        Assert.Equal("alice@example.com", me.GetProperty("name").GetString());
        Assert.Equal("jwt", me.GetProperty("authenticationType").GetString());
    }

    [Fact]
    public async Task Jwt_signed_by_another_key_or_for_another_audience_is_rejected()
    {
        using var other = RSA.Create(2048);
        var forged = api.Oidc.IssueToken("mallory", JwtApiFactory.Audience, ["admin"], signWith: other);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient(forged).GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);

        var wrongAudience = api.Oidc.IssueToken("bob", "someone-else", ["admin"]);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.CreateClient(wrongAudience).GetAsync("/api/v1/me", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Jwt_without_a_known_role_is_forbidden()
    {
        var token = api.Oidc.IssueToken("carol", JwtApiFactory.Audience, ["guest"]);
        Assert.Equal(HttpStatusCode.Forbidden, (await api.CreateClient(token).GetAsync("/api/v1/accounts", TestContext.Current.CancellationToken)).StatusCode);
    }

    [Fact]
    public async Task Api_keys_keep_working_when_jwt_is_enabled()
    {
        var me = await api.CreateAdminClient().GetFromJsonAsync<JsonElement>("/api/v1/me", TestContext.Current.CancellationToken);
        Assert.Equal("admin", me.GetProperty("role").GetString());
    }
}
