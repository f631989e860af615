using FinOps.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FinOps.Tests.Deploy;

/// <summary>
/// deploy/entrypoint.sh (the images' entry point) against a protocol-level Vault: it logs in, reads
/// KV v2 paths, exports every field and runs the service command, printing no secret.
/// </summary>
public sealed class EntrypointTests : IAsyncLifetime
{
    private const string ConnectionString = "Host=db;Username=finops;Password=p@ss \"word\";Database=finops";
    private const string MultiLine = "-----BEGIN KEY-----\nabc=\n-----END KEY-----";
    private readonly FakeVaultServer vault = new(new FakeTimeProvider(DateTimeOffset.UtcNow));
    private static readonly string Script = Path.Combine(RepositoryFiles.Deploy, "entrypoint.sh");

    public async ValueTask InitializeAsync()
    {
        await vault.StartAsync();
        vault.Put("finops/app", new() { ["ConnectionStrings:finops"] = ConnectionString, ["Auth__BootstrapAdminKey"] = "fo_from-vault-0123456789" });
        vault.Put("finops/cloud", new() { ["Aws__SecretAccessKey"] = MultiLine, ["not a name"] = "ignored" });
    }

    [Fact]
    public async Task AppRole_login_exports_every_field_of_every_path_then_runs_the_command()
    {
        var (exitCode, output) = await RunAsync(new()
        {
            ["VAULT_ADDR"] = vault.Address,
            ["VAULT_ROLE_ID"] = FakeVaultServer.RoleId,
            ["VAULT_SECRET_ID"] = FakeVaultServer.SecretId,
            ["VAULT_SECRETS"] = "finops/app, /finops/cloud",
        });
        Assert.True(exitCode == 0, output);
        Assert.Contains($"<{ConnectionString}>", output);
        Assert.Contains("<fo_from-vault-0123456789>", output);
        Assert.Contains($"<{MultiLine}>", output);
        Assert.Contains("exported 2 field(s) of secret/finops/app", output);
        Assert.Contains("skipping field 'not a name'", output);
        Assert.Equal(1, vault.Logins);
    }

    [Fact]
    public async Task A_token_reads_without_login_and_the_log_names_no_secret()
    {
        var (exitCode, output) = await RunAsync(new()
        {
            ["VAULT_ADDR"] = vault.Address,
            ["VAULT_TOKEN"] = FakeVaultServer.RootToken,
            ["VAULT_SECRETS"] = "finops/app",
        }, command: "echo done");
        Assert.True(exitCode == 0, output);
        Assert.Contains("done", output);
        Assert.Equal(0, vault.Logins);
        Assert.DoesNotContain("p@ss", output);
        Assert.DoesNotContain(FakeVaultServer.RootToken, output);
    }

    [Fact]
    public async Task Without_vault_settings_the_command_runs_with_its_own_environment()
    {
        var (exitCode, output) = await RunAsync(new() { ["ConnectionStrings__finops"] = "Host=local" });
        Assert.True(exitCode == 0, output);
        Assert.Contains("<Host=local>", output);
        Assert.Equal(0, vault.Reads);
    }

    [Fact]
    public async Task Wrong_credentials_stop_the_start_with_a_reason_and_no_secret()
    {
        var (exitCode, output) = await RunAsync(new()
        {
            ["VAULT_ADDR"] = vault.Address,
            ["VAULT_ROLE_ID"] = FakeVaultServer.RoleId,
            ["VAULT_SECRET_ID"] = "wrong-secret-id-42",
            ["VAULT_SECRETS"] = "finops/app",
            ["VAULT_RETRIES"] = "1",
        });
        Assert.Equal(69, exitCode);
        Assert.Contains("AppRole login", output);
        Assert.DoesNotContain("wrong-secret-id-42", output);
        Assert.DoesNotContain("<", output); // the service never ran
    }

    private static Task<(int ExitCode, string Output)> RunAsync(Dictionary<string, string?> environment,
        string command = "printf '<%s>\\n' \"$ConnectionStrings__finops\" \"$Auth__BootstrapAdminKey\" \"$Aws__SecretAccessKey\"")
    {
        foreach (var name in new[] { "VAULT_ADDR", "VAULT_TOKEN", "VAULT_ROLE_ID", "VAULT_SECRET_ID", "VAULT_SECRETS", "ConnectionStrings__finops" })
        {
            environment.TryAdd(name, null);
        }
        return RepositoryFiles.RunAsync("bash", [Script, "bash", "-c", command], environment,
            timeout: TimeSpan.FromSeconds(60), ct: TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync() => await vault.DisposeAsync();
}
