using System.Net;
using System.Text.RegularExpressions;
using FinOps.Core.Security;
using FinOps.Tests.Api.Accounts;
using FinOps.Tests.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace FinOps.Tests.Api.Security;

/// <summary>
/// Every <c>/api/v1</c> endpoint the API maps, called with every role: a role below the endpoint's
/// policy gets 403, a role at or above it gets through authorization. New endpoints join the
/// matrix automatically, so none can ship without a role.
/// </summary>
public sealed partial class AuthorizationMatrixTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Every_endpoint_answers_each_role_as_its_policy_says()
    {
        var admin = api.CreateAdminClient();
        var clients = new Dictionary<string, HttpClient>();
        foreach (var role in Roles.Ordered)
        {
            clients[role] = api.CreateClient(await AccountsApiTests.CreateKeyAsync(admin, role));
        }

        var endpoints = api.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/v1", StringComparison.Ordinal) == true)
            .ToList();
        Assert.True(endpoints.Count >= 10, $"only {endpoints.Count} endpoints found");

        var failures = new List<string>();
        foreach (var endpoint in endpoints)
        {
            var required = RequiredRole(endpoint);
            if (required is null)
            {
                failures.Add($"{endpoint.DisplayName}: no role required");
                continue;
            }
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
            var url = RouteParameter().Replace(endpoint.RoutePattern.RawText!, Guid.NewGuid().ToString());
            foreach (var method in methods)
            {
                foreach (var role in Roles.Ordered)
                {
                    using var request = new HttpRequestMessage(new HttpMethod(method), url);
                    if (method is "POST" or "PUT" or "PATCH")
                    {
                        // The body type the endpoint accepts, so content negotiation never answers before authorization.
                        var accepts = endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes ?? [];
                        request.Content = accepts.Contains("multipart/form-data")
                            ? new MultipartFormDataContent { { new StringContent("x"), "file", "x.csv" } }
                            : new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
                    }
                    var status = (await clients[role].SendAsync(request, TestContext.Current.CancellationToken)).StatusCode;
                    var allowed = Roles.Rank(role) >= Roles.Rank(required);
                    if (allowed ? status is HttpStatusCode.Forbidden or HttpStatusCode.Unauthorized : status != HttpStatusCode.Forbidden)
                    {
                        failures.Add($"{method} {endpoint.RoutePattern.RawText} as {role} (needs {required}): {(int)status}");
                    }
                }
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    /// <summary>The highest role any of the endpoint's policies names; a bare RequireAuthorization means viewer.</summary>
    private static string? RequiredRole(RouteEndpoint endpoint)
    {
        var authorize = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>();
        if (authorize.Count == 0 || endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return null;
        }
        var named = authorize.Select(a => a.Policy).Where(p => p is not null && Roles.IsKnown(p)).Cast<string>().ToList();
        return named.Count == 0 ? Roles.Viewer : named.MaxBy(Roles.Rank);
    }

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex RouteParameter();
}
