using System.Security.Claims;
using FinOps.Api.Infrastructure;

namespace FinOps.Api.Features.Me;

public static class MeEndpoints
{
    public static IEndpointRouteBuilder MapMeEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/me", GetMe)
            .WithTags("Me").WithName("GetMe").WithSummary("Who the credentials belong to, and their role")
            .RequireAuthorization();
        return app;
    }

    public sealed record MeResponse(string Name, string Role, string AuthenticationType);

    private static MeResponse GetMe(ClaimsPrincipal user) =>
        new(user.Actor(), user.Role(), user.FindFirstValue("auth_type") ?? "unknown");
}
