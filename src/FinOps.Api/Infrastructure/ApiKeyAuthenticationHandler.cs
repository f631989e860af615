using System.Security.Claims;
using System.Text.Encodings.Web;
using FinOps.Core.Data;
using FinOps.Core.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace FinOps.Api.Infrastructure;

/// <summary>
/// Authenticates <c>Authorization: Bearer fo_…</c> against the hashed keys in <c>api_keys</c>, or the
/// bootstrap admin key from configuration. The key itself never reaches a log line.
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    IOptionsMonitor<AuthOptions> authOptions,
    FinOpsDbContext db,
    TimeProvider time)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(5);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }
        var key = header["Bearer ".Length..].Trim();
        if (key.Length == 0)
        {
            return AuthenticateResult.Fail("Empty bearer token.");
        }

        var hash = ApiKeyHasher.Hash(key);
        var bootstrap = authOptions.CurrentValue.BootstrapAdminKey;
        if (!string.IsNullOrEmpty(bootstrap) && ApiKeyHasher.FixedTimeEquals(hash, ApiKeyHasher.Hash(bootstrap)))
        {
            return Success("bootstrap-admin", Roles.Admin);
        }

        var now = time.GetUtcNow();
        var stored = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.KeyHash == hash, Context.RequestAborted);
        if (stored is null || stored.RevokedAt is not null || stored.ExpiresAt <= now)
        {
            return AuthenticateResult.Fail("Invalid, revoked or expired API key.");
        }
        if (stored.LastUsedAt is null || now - stored.LastUsedAt > LastUsedResolution)
        {
            // Coarse on purpose: one write per key every few minutes, not one per request.
            await db.ApiKeys.Where(k => k.Id == stored.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }
        return Success($"key:{stored.Name}", stored.Role, stored.Id);
    }

    private AuthenticateResult Success(string name, string role, Guid? keyId = null)
    {
        var claims = new List<Claim> { new(ClaimTypes.Name, name), new(ClaimTypes.Role, role), new("auth_type", "api-key") };
        if (keyId is { } id)
        {
            claims.Add(new Claim("api_key_id", id.ToString()));
        }
        var identity = new ClaimsIdentity(claims, Scheme.Name);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status401Unauthorized, "Unauthorized",
            "Send 'Authorization: Bearer <API key or JWT>'; the credentials were missing or not accepted.");

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        WriteProblemAsync(StatusCodes.Status403Forbidden, "Forbidden", "Your role does not allow this operation.");

    private async Task WriteProblemAsync(int status, string title, string detail)
    {
        Response.StatusCode = status;
        if (status == StatusCodes.Status401Unauthorized)
        {
            Response.Headers.WWWAuthenticate = "Bearer";
        }
        var problems = Context.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}
