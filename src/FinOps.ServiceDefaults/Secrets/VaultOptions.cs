namespace FinOps.ServiceDefaults.Secrets;

/// <summary>
/// Configuration section <c>Vault</c>. With no <see cref="Address"/>, Vault is not used and the
/// services read local development secrets (environment, user secrets) instead.
/// </summary>
public sealed class VaultOptions
{
    public const string Section = "Vault";

    /// <summary>Base address, e.g. <c>https://vault.internal:8200</c>.</summary>
    public string? Address { get; set; }

    /// <summary>A token (token auth). Prefer AppRole in production; the token is never logged.</summary>
    public string? Token { get; set; }

    /// <summary>AppRole login: role id and secret id.</summary>
    public string? RoleId { get; set; }
    public string? SecretId { get; set; }

    /// <summary>Mount path of the AppRole auth method (default <c>approle</c>).</summary>
    public string AppRoleMount { get; set; } = "approle";

    /// <summary>Mount path of the KV v2 engine (default <c>secret</c>).</summary>
    public string KvMount { get; set; } = "secret";

    /// <summary>Vault Enterprise namespace, sent as <c>X-Vault-Namespace</c>.</summary>
    public string? Namespace { get; set; }

    /// <summary>
    /// KV paths whose fields become configuration keys. A field named <c>ConnectionStrings__finops</c>
    /// (or <c>ConnectionStrings:finops</c>) becomes the key <c>ConnectionStrings:finops</c>, prefixed
    /// with the mapping's <see cref="VaultSecretMapping.Prefix"/> when one is given.
    /// </summary>
    public List<VaultSecretMapping> Secrets { get; set; } = [];

    /// <summary>How often secrets are re-read so rotations reach running services.</summary>
    public TimeSpan ReloadInterval { get; set; } = TimeSpan.FromMinutes(5);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Address);
}

public sealed class VaultSecretMapping
{
    public string Path { get; set; } = "";
    public string? Prefix { get; set; }
    /// <summary>A specific KV version; latest when null.</summary>
    public int? Version { get; set; }
}
