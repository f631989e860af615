using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace FinOps.ServiceDefaults.Secrets;

/// <summary>A KV v2 secret as read: its fields and version.</summary>
public sealed record VaultSecret(string Path, int Version, IReadOnlyDictionary<string, string> Data);

/// <summary>
/// A client for the parts of Vault's documented HTTP API the platform needs: token and AppRole
/// login, token lookup and renewal, and KV v2 reads. Written against the API itself because
/// VaultSharp is not available here. Transient failures (5xx other than sealed, timeouts) are
/// retried with backoff; 403 and sealed are not, and surface as <see cref="VaultException"/>.
/// </summary>
public sealed class VaultClient : IDisposable
{
    private const int MaxAttempts = 3;
    private readonly HttpClient http;
    private readonly VaultOptions options;
    private readonly TimeProvider time;
    private readonly SemaphoreSlim loginLock = new(1, 1);
    private string? token;
    private DateTimeOffset? tokenExpiresAt;
    private bool renewable;

    public VaultClient(VaultOptions options, HttpMessageHandler? handler = null, TimeProvider? time = null)
    {
        this.options = options;
        this.time = time ?? TimeProvider.System;
        http = new HttpClient(handler ?? new SocketsHttpHandler(), disposeHandler: handler is null)
        {
            BaseAddress = new Uri(options.Address!.TrimEnd('/') + "/"),
            Timeout = options.RequestTimeout,
        };
        if (!string.IsNullOrEmpty(options.Namespace))
        {
            http.DefaultRequestHeaders.Add("X-Vault-Namespace", options.Namespace);
        }
        token = string.IsNullOrEmpty(options.Token) ? null : options.Token;
    }

    /// <summary>When the current token expires (null: unknown or never).</summary>
    public DateTimeOffset? TokenExpiresAt => tokenExpiresAt;

    /// <summary>Logs in (AppRole) or checks the configured token, learning its lifetime.</summary>
    public async Task EnsureLoggedInAsync(CancellationToken ct)
    {
        if (token is not null && (tokenExpiresAt is null || tokenExpiresAt > time.GetUtcNow()))
        {
            return;
        }
        await loginLock.WaitAsync(ct);
        try
        {
            if (token is not null && (tokenExpiresAt is null || tokenExpiresAt > time.GetUtcNow()))
            {
                return;
            }
            if (!string.IsNullOrEmpty(options.RoleId))
            {
                await LoginAppRoleAsync(ct);
            }
            else if (!string.IsNullOrEmpty(options.Token))
            {
                token = options.Token;
                await LookupSelfAsync(ct);
            }
            else
            {
                throw new VaultException("Vault is configured without credentials: set Vault:Token or Vault:RoleId and Vault:SecretId.");
            }
        }
        finally
        {
            loginLock.Release();
        }
    }

    /// <summary>
    /// Renews the token when a third or less of its lifetime is left; logs in again when it cannot
    /// be renewed (AppRole). Returns true when the token changed or was extended.
    /// </summary>
    public async Task<bool> RenewIfNeededAsync(TimeSpan fullLifetime, CancellationToken ct)
    {
        if (tokenExpiresAt is not { } expires || token is null)
        {
            return false;
        }
        var left = expires - time.GetUtcNow();
        if (left > fullLifetime / 3)
        {
            return false;
        }
        if (renewable && left > TimeSpan.Zero)
        {
            try
            {
                var body = await SendAsync(HttpMethod.Post, "v1/auth/token/renew-self", new JsonObject(), "renew token", ct);
                ApplyAuth(body);
                return true;
            }
            catch (VaultException e) when (e.IsPermissionDenied && !string.IsNullOrEmpty(options.RoleId))
            {
                // The token hit its max TTL: a fresh AppRole login is the documented way on.
            }
        }
        if (!string.IsNullOrEmpty(options.RoleId))
        {
            token = null;
            await LoginAppRoleAsync(ct);
            return true;
        }
        return false;
    }

    /// <summary>Reads a KV v2 secret (latest, or <paramref name="version"/>).</summary>
    public async Task<VaultSecret> ReadKvAsync(string path, int? version, CancellationToken ct)
    {
        await EnsureLoggedInAsync(ct);
        var clean = path.Trim('/');
        var url = $"v1/{options.KvMount.Trim('/')}/data/{clean}" + (version is { } v ? $"?version={v}" : "");
        var body = await SendAsync(HttpMethod.Get, url, null, $"read {options.KvMount}/{clean}", ct);
        var data = body["data"]?["data"] as JsonObject
            ?? throw new VaultException($"Vault returned no data for {options.KvMount}/{clean} (deleted or destroyed version?).");
        var fields = data.ToDictionary(kv => kv.Key, kv => kv.Value is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : kv.Value?.ToJsonString() ?? "");
        var readVersion = body["data"]?["metadata"]?["version"]?.GetValue<int>() ?? 0;
        return new VaultSecret(clean, readVersion, fields);
    }

    private async Task LoginAppRoleAsync(CancellationToken ct)
    {
        var body = await SendAsync(HttpMethod.Post, $"v1/auth/{options.AppRoleMount.Trim('/')}/login",
            new JsonObject { ["role_id"] = options.RoleId, ["secret_id"] = options.SecretId }, "AppRole login", ct, authenticated: false);
        ApplyAuth(body);
    }

    private async Task LookupSelfAsync(CancellationToken ct)
    {
        var body = await SendAsync(HttpMethod.Get, "v1/auth/token/lookup-self", null, "token lookup", ct);
        var ttl = body["data"]?["ttl"]?.GetValue<long>() ?? 0;
        renewable = body["data"]?["renewable"]?.GetValue<bool>() ?? false;
        tokenExpiresAt = ttl > 0 ? time.GetUtcNow().AddSeconds(ttl) : null;
    }

    private void ApplyAuth(JsonNode body)
    {
        var auth = body["auth"] ?? throw new VaultException("Vault's login answer has no 'auth' block.");
        token = auth["client_token"]?.GetValue<string>() ?? throw new VaultException("Vault's login answer has no client token.");
        var lease = auth["lease_duration"]?.GetValue<long>() ?? 0;
        renewable = auth["renewable"]?.GetValue<bool>() ?? false;
        tokenExpiresAt = lease > 0 ? time.GetUtcNow().AddSeconds(lease) : null;
    }

    private async Task<JsonNode> SendAsync(HttpMethod method, string url, JsonObject? payload, string what, CancellationToken ct, bool authenticated = true)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, url);
            if (authenticated && token is not null)
            {
                request.Headers.Add("X-Vault-Token", token);
            }
            if (payload is not null)
            {
                request.Content = JsonContent.Create(payload);
            }
            HttpResponseMessage response;
            try
            {
                response = await http.SendAsync(request, ct);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                if (attempt < MaxAttempts)
                {
                    await Task.Delay(Backoff(attempt), time, ct);
                    continue;
                }
                throw new VaultException($"Vault {what} failed: {e.GetType().Name} reaching {http.BaseAddress}", null, e);
            }
            using (response)
            {
                if (response.IsSuccessStatusCode)
                {
                    var text = await response.Content.ReadAsStringAsync(ct);
                    return string.IsNullOrWhiteSpace(text) ? new JsonObject() : JsonNode.Parse(text) ?? new JsonObject();
                }
                var status = response.StatusCode;
                var transient = (int)status >= 500 && status != HttpStatusCode.ServiceUnavailable;
                if (transient && attempt < MaxAttempts)
                {
                    await Task.Delay(Backoff(attempt), time, ct);
                    continue;
                }
                throw new VaultException(Describe(what, status, await ErrorsAsync(response, ct)), status);
            }
        }
    }

    private static string Describe(string what, HttpStatusCode status, string errors) => status switch
    {
        HttpStatusCode.Forbidden => $"Vault {what}: permission denied (403) — check the token or AppRole policy. {errors}".Trim(),
        HttpStatusCode.ServiceUnavailable => $"Vault {what}: Vault is sealed or unavailable (503). {errors}".Trim(),
        HttpStatusCode.NotFound => $"Vault {what}: not found (404).",
        _ => $"Vault {what} failed with {(int)status}. {errors}".Trim(),
    };

    /// <summary>Vault's <c>errors</c> array; it describes the failure and holds no secret values.</summary>
    private static async Task<string> ErrorsAsync(HttpResponseMessage response, CancellationToken ct)
    {
        try
        {
            var node = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct));
            return node?["errors"] is JsonArray errors ? string.Join("; ", errors.Select(e => e?.ToString())) : "";
        }
        catch (JsonException)
        {
            return "";
        }
    }

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(200 * Math.Pow(2, attempt - 1));

    public void Dispose()
    {
        http.Dispose();
        loginLock.Dispose();
    }
}
