using Microsoft.Extensions.Configuration;

namespace FinOps.ServiceDefaults.Secrets;

/// <summary>Adds Vault KV v2 secrets to configuration, as <see cref="VaultOptions.Secrets"/> maps them.</summary>
public sealed class VaultConfigurationSource(VaultOptions options, HttpMessageHandler? handler = null, TimeProvider? time = null) : IConfigurationSource
{
    public IConfigurationProvider Build(IConfigurationBuilder builder) => new VaultConfigurationProvider(options, handler, time);
}

/// <summary>
/// Reads the mapped secrets at start (failing the start, with a clear message, when Vault cannot
/// give them: a service must not run on missing credentials), then re-reads them every
/// <see cref="VaultOptions.ReloadInterval"/> and renews the token before it expires, so rotated
/// secrets reach running services through the usual configuration reload.
/// </summary>
public sealed class VaultConfigurationProvider : ConfigurationProvider, IDisposable
{
    private readonly VaultOptions options;
    private readonly VaultClient client;
    private readonly TimeProvider time;
    private readonly CancellationTokenSource stopping = new();
    private ITimer? timer;
    private TimeSpan? tokenLifetime;

    public VaultConfigurationProvider(VaultOptions options, HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        this.options = options;
        this.time = time ?? TimeProvider.System;
        client = new VaultClient(options, handler, this.time);
    }

    /// <summary>Outcome of the last read, for the health check.</summary>
    public VaultStatus Status { get; private set; } = new(false, null, "not loaded yet", new Dictionary<string, int>());

    public override void Load()
    {
        // Configuration loading is synchronous by design; this runs once at start-up.
        Data = ReadAllAsync(stopping.Token).GetAwaiter().GetResult();
        timer ??= time.CreateTimer(_ => _ = RefreshAsync(), null, options.ReloadInterval, options.ReloadInterval);
    }

    /// <summary>Renews the token if needed and re-reads every mapped secret; keeps the last good values on failure.</summary>
    public async Task RefreshAsync()
    {
        try
        {
            if (tokenLifetime is { } lifetime)
            {
                await client.RenewIfNeededAsync(lifetime, stopping.Token);
            }
            var fresh = await ReadAllAsync(stopping.Token);
            if (!SameAs(fresh))
            {
                Data = fresh;
                OnReload();
            }
        }
        catch (Exception e) when (e is VaultException or OperationCanceledException)
        {
            Status = Status with { Healthy = false, Message = e.Message };
        }
    }

    private async Task<IDictionary<string, string?>> ReadAllAsync(CancellationToken ct)
    {
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        var versions = new Dictionary<string, int>();
        foreach (var mapping in options.Secrets.Where(m => !string.IsNullOrWhiteSpace(m.Path)))
        {
            var secret = await client.ReadKvAsync(mapping.Path, mapping.Version, ct);
            versions[secret.Path] = secret.Version;
            foreach (var (field, value) in secret.Data)
            {
                data[KeyFor(mapping.Prefix, field)] = value;
            }
        }
        if (client.TokenExpiresAt is { } expires && tokenLifetime is null)
        {
            tokenLifetime = expires - time.GetUtcNow();
        }
        Status = new VaultStatus(true, time.GetUtcNow(), $"{versions.Count} secret path(s) read", versions);
        return data;
    }

    /// <summary><c>ConnectionStrings__finops</c> and <c>ConnectionStrings:finops</c> both name <c>ConnectionStrings:finops</c>.</summary>
    internal static string KeyFor(string? prefix, string field)
    {
        var key = field.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);
        return string.IsNullOrEmpty(prefix) ? key : ConfigurationPath.Combine(prefix, key);
    }

    private bool SameAs(IDictionary<string, string?> fresh) =>
        fresh.Count == Data.Count && fresh.All(kv => Data.TryGetValue(kv.Key, out var v) && v == kv.Value);

    public void Dispose()
    {
        stopping.Cancel();
        timer?.Dispose();
        client.Dispose();
        stopping.Dispose();
    }
}

/// <summary>What the last Vault read did; secret values are never part of it.</summary>
public sealed record VaultStatus(bool Healthy, DateTimeOffset? LoadedAt, string Message, IReadOnlyDictionary<string, int> Versions);
