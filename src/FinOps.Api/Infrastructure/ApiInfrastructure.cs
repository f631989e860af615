using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Scalar.AspNetCore;

namespace FinOps.Api.Infrastructure;

public static class ApiInfrastructure
{
    /// <summary>Problem details for every error, validation, JSON options, OpenAPI and schema readiness.</summary>
    public static WebApplicationBuilder AddApiInfrastructure(this WebApplicationBuilder builder)
    {
        builder.Services.AddProblemDetails(o => o.CustomizeProblemDetails = ctx =>
            ctx.ProblemDetails.Extensions.TryAdd("traceId", ctx.HttpContext.TraceIdentifier));
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        builder.Services.AddValidation();
        // Malformed bodies throw so the exception handler can name the offending field.
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });
        builder.Services.AddOpenApi(o => o.AddDocumentTransformer<BearerSecurityTransformer>());
        builder.Services.AddSingleton<SchemaReadiness>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<SchemaReadiness>());
        builder.Services.AddHealthChecks().AddCheck<SchemaReadinessHealthCheck>("schema");
        // JSON bodies are small; the upload endpoint raises its own limit.
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize =
            builder.Configuration.GetValue<long?>("Api:MaxRequestBodyBytes") ?? 1024 * 1024);
        builder.AddApiRateLimits();
        return builder;
    }

    public static WebApplication UseApiInfrastructure(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseAuthentication();
        app.UseRateLimiter();
        app.UseAuthorization();
        return app;
    }

    /// <summary>The OpenAPI document at <c>/openapi/v1.json</c> and an interactive reference at <c>/scalar</c>.</summary>
    public static WebApplication MapApiDocuments(this WebApplication app)
    {
        app.MapOpenApi().AllowAnonymous();
        app.MapScalarApiReference(o => o.WithTitle("FinOps API")).AllowAnonymous();
        app.MapGet("/", () => Results.Redirect("/scalar")).ExcludeFromDescription();
        return app;
    }
}
