using System.Security.Claims;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;

namespace FinOps.Api.Infrastructure;

/// <summary>Configuration section <c>RateLimits</c>: requests per minute per caller.</summary>
public sealed class RateLimitOptions
{
    public const string Section = "RateLimits";

    /// <summary>Every authenticated caller (API key or JWT subject); anonymous callers are limited per IP address.</summary>
    public int PerCallerPerMinute { get; set; } = 600;

    /// <summary>Expensive endpoints (the assistant, uploads) opt into this stricter policy.</summary>
    public int StrictPerCallerPerMinute { get; set; } = 30;
}

public static class RateLimiting
{
    /// <summary>Name of the stricter policy for endpoints that cost real work per call.</summary>
    public const string StrictPolicy = "strict";

    /// <summary>
    /// Token buckets per caller: the API key or JWT subject when authenticated, else the client IP.
    /// Rejections are 429 problem details with <c>Retry-After</c>.
    /// </summary>
    public static WebApplicationBuilder AddApiRateLimits(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(RateLimitOptions.Section).Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(o =>
        {
            o.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(ctx =>
                RateLimitPartition.GetTokenBucketLimiter(CallerKey(ctx), _ => Bucket(options.PerCallerPerMinute)));
            o.AddPolicy(StrictPolicy, ctx => RateLimitPartition.GetTokenBucketLimiter(CallerKey(ctx), _ => Bucket(options.StrictPerCallerPerMinute)));
            o.OnRejected = async (ctx, ct) =>
            {
                var http = ctx.HttpContext;
                var retryAfter = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(60);
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                http.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = http,
                    ProblemDetails = { Status = 429, Title = "Too many requests", Detail = $"Rate limit reached; retry after {retryAfter.TotalSeconds:0} s." },
                });
            };
        });
        return builder;
    }

    /// <summary>Infrastructure endpoints are never limited: probes and scrapes must always answer.</summary>
    private static string CallerKey(HttpContext ctx) =>
        ctx.Request.Path.StartsWithSegments("/health") || ctx.Request.Path.StartsWithSegments("/alive") || ctx.Request.Path.StartsWithSegments("/metrics")
            ? "infrastructure"
            : ctx.User.Identity?.IsAuthenticated == true
                ? "user:" + (ctx.User.FindFirstValue("api_key_id") ?? ctx.User.Identity.Name)
                : "ip:" + ctx.Connection.RemoteIpAddress;

    private static TokenBucketRateLimiterOptions Bucket(int perMinute) => new()
    {
        TokenLimit = Math.Max(1, perMinute),
        TokensPerPeriod = Math.Max(1, perMinute),
        ReplenishmentPeriod = TimeSpan.FromMinutes(1),
        QueueLimit = 0,
        AutoReplenishment = true,
    };
}
