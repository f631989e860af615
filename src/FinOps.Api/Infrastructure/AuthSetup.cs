using System.Security.Claims;
using FinOps.Core.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;

namespace FinOps.Api.Infrastructure;

/// <summary>Bearer authentication by API key or JWT, and one policy per role (each role includes the lower ones).</summary>
public static class AuthSetup
{
    public const string Scheme = "BearerOrApiKey";
    public const string JwtScheme = "Jwt";
    public const string ApiKeyScheme = "ApiKey";

    public static WebApplicationBuilder AddFinOpsAuth(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        builder.Services.AddOptions<AuthOptions>().BindConfiguration(AuthOptions.Section);
        var jwtEnabled = !string.IsNullOrWhiteSpace(options.Jwt.Authority);

        var auth = builder.Services.AddAuthentication(Scheme)
            .AddPolicyScheme(Scheme, "API key or JWT", o => o.ForwardDefaultSelector = ctx =>
                jwtEnabled && LooksLikeJwt(ctx.Request.Headers.Authorization.ToString()) ? JwtScheme : ApiKeyScheme)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyScheme, null);

        if (jwtEnabled)
        {
            auth.AddJwtBearer(JwtScheme, o =>
            {
                o.Authority = options.Jwt.Authority;
                o.Audience = options.Jwt.Audience;
                o.RequireHttpsMetadata = options.Jwt.RequireHttpsMetadata;
                o.MapInboundClaims = false;
                o.TokenValidationParameters.NameClaimType = "sub";
                o.TokenValidationParameters.ValidateAudience = !string.IsNullOrWhiteSpace(options.Jwt.Audience);
                o.Events = new JwtBearerEvents { OnTokenValidated = ctx => { MapJwtRole(ctx.Principal!, options.Jwt.RoleClaim); return Task.CompletedTask; } };
            });
        }

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Viewer, p => p.RequireRole(Roles.AtLeast(Roles.Viewer)))
            .AddPolicy(Roles.Analyst, p => p.RequireRole(Roles.AtLeast(Roles.Analyst)))
            .AddPolicy(Roles.Operator, p => p.RequireRole(Roles.AtLeast(Roles.Operator)))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.AtLeast(Roles.Admin)))
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
        return builder;
    }

    /// <summary>The name audit entries record for the caller.</summary>
    public static string Actor(this ClaimsPrincipal user) => user.Identity?.Name ?? "unknown";

    public static string Role(this ClaimsPrincipal user) =>
        Roles.Ordered.LastOrDefault(user.IsInRole) ?? "none";

    private static bool LooksLikeJwt(string header) =>
        header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Count(c => c == '.') == 2;

    /// <summary>Gives a JWT the highest of our roles it names; a token naming none gets none (403 everywhere).</summary>
    private static void MapJwtRole(ClaimsPrincipal principal, string roleClaim)
    {
        var named = principal.FindAll(roleClaim).Concat(principal.FindAll("role")).Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var role = Roles.Ordered.LastOrDefault(named.Contains);
        if (role is not null && principal.Identity is ClaimsIdentity identity)
        {
            identity.AddClaim(new Claim(ClaimTypes.Role, role));
            identity.AddClaim(new Claim("auth_type", "jwt"));
        }
    }
}
