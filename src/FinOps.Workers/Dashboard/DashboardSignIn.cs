using System.Security.Claims;
using FinOps.Core.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace FinOps.Workers.Dashboard;

/// <summary>
/// Sign-in for the Hangfire dashboard: an admin API key exchanged for an HttpOnly cookie, so the key
/// is never put in a URL and browsers need no extension to send headers.
/// </summary>
public static class DashboardSignIn
{
    public const string DashboardPath = "/hangfire";
    public const string AdminPolicy = "admin";
    private const string LoginPath = "/login";

    public static IHostApplicationBuilder AddDashboardSignIn(this IHostApplicationBuilder builder)
    {
        builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.LoginPath = LoginPath;
            o.Cookie.Name = "finops_workers";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Strict;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            o.SlidingExpiration = true;
        });
        builder.Services.AddAuthorizationBuilder().AddPolicy(AdminPolicy, p => p.RequireRole(Roles.Admin));
        return builder;
    }

    public static WebApplication MapDashboardSignIn(this WebApplication app)
    {
        app.MapGet(LoginPath, (string? error) => Results.Content(LoginPage(error), "text/html")).AllowAnonymous();
        app.MapPost(LoginPath, SignInAsync).AllowAnonymous().DisableAntiforgery();
        app.MapPost("/logout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect(LoginPath);
        });
        return app;
    }

    private static async Task<IResult> SignInAsync(HttpContext http, ApiKeyValidator validator, IConfiguration configuration, ILoggerFactory loggers)
    {
        var form = await http.Request.ReadFormAsync(http.RequestAborted);
        var identity = await validator.ValidateAsync(form["apiKey"].ToString(), configuration["Auth:BootstrapAdminKey"], http.RequestAborted);
        if (identity is null || identity.Role != Roles.Admin)
        {
            loggers.CreateLogger("FinOps.Workers.Dashboard").LogWarning("Dashboard sign-in refused from {Remote}", http.Connection.RemoteIpAddress);
            return Results.Redirect($"{LoginPath}?error=1");
        }
        var principal = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, identity.Name), new Claim(ClaimTypes.Role, identity.Role)],
            CookieAuthenticationDefaults.AuthenticationScheme));
        await http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, principal);
        return Results.Redirect(DashboardPath);
    }

    private static string LoginPage(string? error) => $$"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><title>FinOps jobs — sign in</title>
        <style>
          body { font-family: system-ui, sans-serif; background: #0f172a; color: #e2e8f0; display: grid; place-items: center; height: 100vh; margin: 0; }
          form { background: #1e293b; padding: 2rem; border-radius: 12px; width: 360px; box-shadow: 0 10px 30px rgba(0,0,0,.4); }
          input { width: 100%; box-sizing: border-box; padding: .6rem; margin: .75rem 0; border-radius: 6px; border: 1px solid #475569; background: #0f172a; color: #e2e8f0; }
          button { width: 100%; padding: .6rem; border: 0; border-radius: 6px; background: #38bdf8; color: #0f172a; font-weight: 600; cursor: pointer; }
          .error { color: #fca5a5; }
        </style></head>
        <body><form method="post" action="{{LoginPath}}">
          <h1>FinOps jobs</h1>
          <p>Sign in with an <strong>admin</strong> API key to open the job dashboard.</p>
          {{(error is null ? "" : "<p class=\"error\">That key is not an admin key, or is not valid.</p>")}}
          <label for="apiKey">API key</label>
          <input id="apiKey" name="apiKey" type="password" autocomplete="off" required autofocus>
          <button type="submit">Sign in</button>
        </form></body></html>
        """;
}
