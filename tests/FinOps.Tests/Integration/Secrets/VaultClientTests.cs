using System.Net.Http.Json;
using System.Text.Json;
using FinOps.ServiceDefaults.Secrets;
using FinOps.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FinOps.Tests.Integration.Secrets;

public sealed class VaultClientTests : IAsyncLifetime
{
    private readonly FakeTimeProvider time = new(new DateTimeOffset(2026, 11, 20, 8, 0, 0, TimeSpan.Zero));
    private readonly FakeVaultServer vault;

    public VaultClientTests() => vault = new FakeVaultServer(time);

    public async ValueTask InitializeAsync()
    {
        await vault.StartAsync();
        vault.Put("finops/app", new() { ["ConnectionStrings__finops"] = "Host=db-v1", ["Slack__Webhook"] = "https://hooks.example/v1" });
        vault.Put("finops/app", new() { ["ConnectionStrings__finops"] = "Host=db-v2", ["Slack__Webhook"] = "https://hooks.example/v2" });
    }

    private VaultOptions AppRole() => new() { Address = vault.Address, RoleId = FakeVaultServer.RoleId, SecretId = FakeVaultServer.SecretId };

    [Fact]
    public async Task AppRole_login_reads_latest_and_pinned_versions()
    {
        using var client = new VaultClient(AppRole(), time: time);
        var latest = await client.ReadKvAsync("finops/app", null, TestContext.Current.CancellationToken);
        Assert.Equal(2, latest.Version);
        Assert.Equal("Host=db-v2", latest.Data["ConnectionStrings__finops"]);
        var first = await client.ReadKvAsync("/finops/app/", 1, TestContext.Current.CancellationToken);
        Assert.Equal("Host=db-v1", first.Data["ConnectionStrings__finops"]);
        Assert.Equal(1, vault.Logins);
    }

    [Fact]
    public async Task Token_is_renewed_before_expiry_and_replaced_by_a_new_login_after_max_ttl()
    {
        vault.TokenTtl = TimeSpan.FromMinutes(10);
        vault.TokenMaxTtl = TimeSpan.FromMinutes(25);
        using var client = new VaultClient(AppRole(), time: time);
        await client.EnsureLoggedInAsync(TestContext.Current.CancellationToken);
        var lifetime = TimeSpan.FromMinutes(10);

        time.Advance(TimeSpan.FromMinutes(4));
        Assert.False(await client.RenewIfNeededAsync(lifetime, TestContext.Current.CancellationToken)); // 6 of 10 minutes left
        time.Advance(TimeSpan.FromMinutes(3));
        Assert.True(await client.RenewIfNeededAsync(lifetime, TestContext.Current.CancellationToken)); // 3 left: renew
        Assert.Equal(1, vault.Renewals);
        Assert.Equal(time.GetUtcNow().AddMinutes(10), client.TokenExpiresAt);

        // Past the max TTL the token dies; the client logs in again instead of failing reads.
        time.Advance(TimeSpan.FromMinutes(19));
        await client.RenewIfNeededAsync(lifetime, TestContext.Current.CancellationToken);
        var secret = await client.ReadKvAsync("finops/app", null, TestContext.Current.CancellationToken);
        Assert.Equal("Host=db-v2", secret.Data["ConnectionStrings__finops"]);
        Assert.Equal(2, vault.Logins);
    }

    [Fact]
    public async Task Wrong_token_gets_permission_denied_without_the_token_in_the_message()
    {
        const string token = "hvs.not-a-valid-token-123";
        using var client = new VaultClient(new VaultOptions { Address = vault.Address, Token = token }, time: time);
        var e = await Assert.ThrowsAsync<VaultException>(() => client.ReadKvAsync("finops/app", null, TestContext.Current.CancellationToken));
        Assert.True(e.IsPermissionDenied);
        Assert.DoesNotContain(token, e.ToString());
    }

    [Fact]
    public async Task Sealed_vault_is_reported_as_sealed()
    {
        using var client = new VaultClient(new VaultOptions { Address = vault.Address, Token = FakeVaultServer.RootToken }, time: time);
        vault.Sealed = true;
        var e = await Assert.ThrowsAsync<VaultException>(() => client.ReadKvAsync("finops/app", null, TestContext.Current.CancellationToken));
        Assert.True(e.IsSealed);
        Assert.Contains("sealed", e.Message);
    }

    [Fact]
    public async Task Configuration_provider_maps_fields_to_keys_and_picks_up_rotations()
    {
        var options = AppRole();
        options.Secrets = [new VaultSecretMapping { Path = "finops/app" }, new VaultSecretMapping { Path = "finops/cloud", Prefix = "Cloud:Aws" }];
        vault.Put("finops/cloud", new() { ["AccessKeyId"] = "AKIAEXAMPLE" });
        using var provider = new VaultConfigurationProvider(options, time: time);
        provider.Load();
        Assert.True(provider.TryGet("ConnectionStrings:finops", out var cs));
        Assert.Equal("Host=db-v2", cs);
        Assert.True(provider.TryGet("Cloud:Aws:AccessKeyId", out var key));
        Assert.Equal("AKIAEXAMPLE", key);

        var reloaded = false;
        provider.GetReloadToken().RegisterChangeCallback(_ => reloaded = true, null);
        vault.Put("finops/app", new() { ["ConnectionStrings__finops"] = "Host=db-v3" });
        await provider.RefreshAsync();
        Assert.True(reloaded);
        Assert.True(provider.TryGet("ConnectionStrings:finops", out cs));
        Assert.Equal("Host=db-v3", cs);
        Assert.Equal(3, provider.Status.Versions["finops/app"]);

        // A failed refresh keeps the last good secrets and reports degraded.
        vault.Sealed = true;
        await provider.RefreshAsync();
        Assert.True(provider.TryGet("ConnectionStrings:finops", out cs));
        Assert.Equal("Host=db-v3", cs);
        Assert.False(provider.Status.Healthy);
    }

    public async ValueTask DisposeAsync() => await vault.DisposeAsync();
}

/// <summary>The API started with nothing but Vault settings: its database credentials come from Vault.</summary>
public sealed class VaultApiFactory(PostgresServer postgres) : ApiFactory(postgres)
{
    public FakeVaultServer Vault { get; } = new(new FakeTimeProvider(DateTimeOffset.UtcNow));

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        await Vault.StartAsync();
        Vault.Put("finops/app", new() { ["ConnectionStrings__finops"] = ConnectionString });
    }

    protected override bool ConnectionStringInSettings => false;

    protected override IEnumerable<KeyValuePair<string, string>> Settings =>
    [
        new("Vault:Address", Vault.Address),
        new("Vault:RoleId", FakeVaultServer.RoleId),
        new("Vault:SecretId", FakeVaultServer.SecretId),
        new("Vault:Secrets:0:Path", "finops/app"),
    ];

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Vault.DisposeAsync();
    }
}

public sealed class VaultApiTests(VaultApiFactory api) : IClassFixture<VaultApiFactory>
{
    [Fact]
    public async Task Api_starts_with_database_credentials_read_from_vault()
    {
        var client = api.CreateAdminClient();
        var health = await client.GetFromJsonAsync<JsonElement>("/health", TestContext.Current.CancellationToken);
        var checks = health.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["vault"]);
        Assert.Equal("Healthy", checks["FinOpsDbContext"]);
        var accounts = await client.GetAsync("/api/v1/accounts", TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, accounts.StatusCode);
        Assert.True(api.Vault.Reads >= 1);
    }
}
