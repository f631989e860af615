using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Net.Http.Headers;

namespace FinOps.Frontend;

/// <summary>Serves the built single-page app: hashed assets cached for a year, index.html never, client routes fall back to it.</summary>
public static class SpaHostingExtensions
{
    private const string AssetsPath = "/assets";
    private const string ApiPath = "/api";

    // Vite emits no inline script; ECharts and React set style attributes, hence 'unsafe-inline' for styles only.
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>Registers response compression for the SPA's scripts, styles and SVGs.</summary>
    public static TBuilder AddSpaHosting<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        builder.Services.AddResponseCompression(options =>
        {
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            options.MimeTypes = ResponseCompressionDefaults.MimeTypes.Append("image/svg+xml");
        });
        return builder;
    }

    /// <summary>
    /// Adds the static-file middleware for the web root and a fallback to <c>index.html</c> for client routes
    /// such as <c>/cost-explorer</c>. Requests under <c>/api</c> are left to the reverse proxy untouched.
    /// </summary>
    public static WebApplication MapSpa(this WebApplication app)
    {
        app.UseWhen(context => !context.Request.Path.StartsWithSegments(ApiPath), spa =>
        {
            spa.Use((context, next) =>
            {
                var headers = context.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers.XFrameOptions = "DENY";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy = ContentSecurityPolicy;
                return next(context);
            });
            spa.UseResponseCompression();
            spa.UseStaticFiles(new StaticFileOptions { OnPrepareResponse = SetCacheHeaders });
        });

        app.MapFallbackToFile("index.html", new StaticFileOptions { OnPrepareResponse = SetCacheHeaders });
        // An /api path the proxy did not take is a 404, never the SPA's HTML.
        app.MapFallback($"{ApiPath}/{{**path}}", () => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound));
        return app;
    }

    private static void SetCacheHeaders(StaticFileResponseContext context)
    {
        // Vite puts a content hash in every file name under /assets; everything else (index.html) must be revalidated.
        context.Context.Response.Headers.CacheControl = context.Context.Request.Path.StartsWithSegments(AssetsPath)
            ? "public, max-age=31536000, immutable"
            : "no-cache";
    }
}
