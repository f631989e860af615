using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FinOps.Api.Infrastructure;

/// <summary>Declares the bearer scheme (API key or JWT) so the API reference can send credentials.</summary>
internal sealed class BearerSecurityTransformer : IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken ct)
    {
        document.Info.Title = "FinOps API";
        document.Info.Description = "Multi-cloud cost data normalized to FOCUS. Authenticate with `Authorization: Bearer <API key or JWT>`.";
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An API key (fo_…) or a JWT from the configured OIDC provider.",
        };
        document.Security ??= [];
        document.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", document)] = [] });
        return Task.CompletedTask;
    }
}
