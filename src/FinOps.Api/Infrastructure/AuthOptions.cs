namespace FinOps.Api.Infrastructure;

/// <summary>Configuration section <c>Auth</c>.</summary>
public sealed class AuthOptions
{
    public const string Section = "Auth";

    /// <summary>An admin key accepted without a database row, to create the first real keys. Never logged.</summary>
    public string? BootstrapAdminKey { get; set; }

    public JwtOptions Jwt { get; set; } = new();

    public sealed class JwtOptions
    {
        /// <summary>OIDC issuer; its discovery document gives the signing keys. Empty disables JWT.</summary>
        public string? Authority { get; set; }
        public string? Audience { get; set; }
        /// <summary>The claim carrying our role names (viewer, analyst, operator, admin).</summary>
        public string RoleClaim { get; set; } = "roles";
        /// <summary>Allow an http:// authority (development identity providers only).</summary>
        public bool RequireHttpsMetadata { get; set; } = true;
    }
}
