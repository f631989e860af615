using System.Net;
using System.Text.Json;
using FinOps.Tests.Infrastructure;

namespace FinOps.Tests.Api.Security;

public sealed class OpenApiAuthorizationTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Every_api_v1_operation_in_the_openapi_document_answers_401_without_credentials()
    {
        var client = api.CreateClient((string?)null);
        var document = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json", TestContext.Current.CancellationToken));
        var operations = new List<(string Method, string Path)>();
        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject().Where(p => p.Name.StartsWith("/api/v1/")))
        {
            foreach (var method in path.Value.EnumerateObject().Where(m => m.Name is "get" or "post" or "put" or "delete" or "patch"))
            {
                operations.Add((method.Name.ToUpperInvariant(), path.Name));
            }
        }
        Assert.True(operations.Count >= 10, $"only {operations.Count} operations documented");

        foreach (var (method, path) in operations)
        {
            // Route parameters get a syntactically valid value so routing reaches the endpoint.
            var url = System.Text.RegularExpressions.Regex.Replace(path, @"\{[^}]+\}", Guid.NewGuid().ToString());
            using var request = new HttpRequestMessage(new HttpMethod(method), url);
            if (method is "POST" or "PUT" or "PATCH")
            {
                request.Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json");
            }
            var response = await client.SendAsync(request, TestContext.Current.CancellationToken);
            Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path} answered {(int)response.StatusCode}");
        }
    }

    [Fact]
    public async Task Openapi_document_and_reference_page_are_served_anonymously()
    {
        var client = api.CreateClient((string?)null);
        var doc = await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, doc.StatusCode);
        var json = JsonDocument.Parse(await doc.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.True(json.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("Bearer", out _));
        var page = await client.GetAsync("/scalar", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
