using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Time.Testing;

namespace FinOps.Tests.Infrastructure;

/// <summary>
/// An HTTP server on loopback implementing the documented Vault endpoints the platform uses:
/// AppRole login, token lookup-self / renew-self (with TTL and max TTL), KV v2 data reads with
/// versions, 403 for bad or expired tokens and 503 while sealed. No Vault binary can run here;
/// this keeps the real client and configuration provider on their real HTTP path.
/// </summary>
public sealed class FakeVaultServer : IAsyncDisposable
{
    public const string RoleId = "finops-role";
    public const string SecretId = "finops-secret-id-7c1e";
    public const string RootToken = "hvs.root-token-for-tests";

    private readonly ConcurrentDictionary<string, DateTimeOffset> tokens = new();
    private readonly ConcurrentDictionary<string, DateTimeOffset> tokenMaxExpiry = new();
    private readonly ConcurrentDictionary<string, List<Dictionary<string, string>>> kv = new();
    private WebApplication? app;
    private int tokenCounter;

    public FakeVaultServer(FakeTimeProvider time) => Time = time;

    public FakeTimeProvider Time { get; }
    public TimeSpan TokenTtl { get; set; } = TimeSpan.FromMinutes(10);
    public TimeSpan TokenMaxTtl { get; set; } = TimeSpan.FromMinutes(30);
    public bool Sealed { get; set; }
    public int Logins;
    public int Renewals;
    public int Reads;
    public string Address { get; private set; } = "";

    public void Put(string path, Dictionary<string, string> data) =>
        kv.AddOrUpdate(path, _ => [data], (_, versions) => { lock (versions) { versions.Add(data); } return versions; });

    public async Task StartAsync()
    {
        tokens[RootToken] = DateTimeOffset.MaxValue;
        tokenMaxExpiry[RootToken] = DateTimeOffset.MaxValue;
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        app = builder.Build();
        app.Use(async (ctx, next) =>
        {
            if (Sealed)
            {
                await Error(ctx, 503, "Vault is sealed");
                return;
            }
            await next();
        });
        app.MapPost("/v1/auth/approle/login", async ctx =>
        {
            var body = await JsonNode.ParseAsync(ctx.Request.Body);
            if (body?["role_id"]?.ToString() != RoleId || body?["secret_id"]?.ToString() != SecretId)
            {
                await Error(ctx, 400, "invalid role or secret ID");
                return;
            }
            Interlocked.Increment(ref Logins);
            var token = $"hvs.test-{Interlocked.Increment(ref tokenCounter)}";
            tokens[token] = Time.GetUtcNow() + TokenTtl;
            tokenMaxExpiry[token] = Time.GetUtcNow() + TokenMaxTtl;
            await ctx.Response.WriteAsJsonAsync(new { auth = new { client_token = token, lease_duration = (long)TokenTtl.TotalSeconds, renewable = true, policies = new[] { "finops" } } });
        });
        app.MapGet("/v1/auth/token/lookup-self", async ctx =>
        {
            if (Authenticate(ctx) is not { } token) { await Error(ctx, 403, "permission denied"); return; }
            var ttl = tokens[token] == DateTimeOffset.MaxValue ? 0 : (long)(tokens[token] - Time.GetUtcNow()).TotalSeconds;
            await ctx.Response.WriteAsJsonAsync(new { data = new { ttl, renewable = ttl > 0 } });
        });
        app.MapPost("/v1/auth/token/renew-self", async ctx =>
        {
            if (Authenticate(ctx) is not { } token) { await Error(ctx, 403, "permission denied"); return; }
            Interlocked.Increment(ref Renewals);
            var expiry = Min(Time.GetUtcNow() + TokenTtl, tokenMaxExpiry[token]);
            tokens[token] = expiry;
            await ctx.Response.WriteAsJsonAsync(new { auth = new { client_token = token, lease_duration = (long)(expiry - Time.GetUtcNow()).TotalSeconds, renewable = true } });
        });
        app.MapGet("/v1/secret/data/{**path}", async (HttpContext ctx, string path) =>
        {
            if (Authenticate(ctx) is null) { await Error(ctx, 403, "permission denied"); return; }
            Interlocked.Increment(ref Reads);
            if (!kv.TryGetValue(path, out var versions)) { await Error(ctx, 404, null); return; }
            Dictionary<string, string> data;
            int version;
            lock (versions)
            {
                version = int.TryParse(ctx.Request.Query["version"], out var v) ? v : versions.Count;
                if (version < 1 || version > versions.Count) { version = -1; data = []; }
                else { data = versions[version - 1]; }
            }
            if (version < 0) { await Error(ctx, 404, null); return; }
            await ctx.Response.WriteAsJsonAsync(new { data = new { data, metadata = new { version, created_time = Time.GetUtcNow() } } });
        });
        await app.StartAsync();
        Address = app.Urls.First();
    }

    private string? Authenticate(HttpContext ctx)
    {
        var token = ctx.Request.Headers["X-Vault-Token"].ToString();
        return tokens.TryGetValue(token, out var expires) && expires > Time.GetUtcNow() ? token : null;
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private static Task Error(HttpContext ctx, int status, string? message)
    {
        ctx.Response.StatusCode = status;
        return ctx.Response.WriteAsJsonAsync(new { errors = message is null ? Array.Empty<string>() : new[] { message } });
    }

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.DisposeAsync();
        }
    }
}
