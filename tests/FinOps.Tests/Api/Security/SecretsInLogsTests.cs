using System.Net.Http.Json;
using System.Text.Json;
using FinOps.Tests.Infrastructure;

namespace FinOps.Tests.Api.Security;

public sealed class SecretsInLogsTests(ApiFactory api) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task No_api_key_appears_in_any_log_line()
    {
        var admin = api.CreateAdminClient();
        var created = await (await admin.PostAsJsonAsync("/api/v1/apikeys", new { name = "leak-check", role = "analyst" }, TestContext.Current.CancellationToken))
            .Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken);
        var key = created.GetProperty("key").GetString()!;

        await api.CreateClient(key).GetAsync("/api/v1/accounts", TestContext.Current.CancellationToken);
        await api.CreateClient(key + "x").GetAsync("/api/v1/accounts", TestContext.Current.CancellationToken);
        await api.CreateClient(ApiFactory.AdminKey[..^2]).PostAsJsonAsync("/api/v1/accounts", new { }, TestContext.Current.CancellationToken);
        await admin.PostAsync("/api/v1/accounts", new StringContent("{\"name\": ", System.Text.Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

        Assert.NotEmpty(api.Logs.Lines);
        foreach (var secret in new[] { key, ApiFactory.AdminKey, ApiFactory.AdminKey[..^2], key[10..] })
        {
            var leaked = api.Logs.Lines.FirstOrDefault(l => l.Contains(secret, StringComparison.Ordinal));
            Assert.True(leaked is null, $"a log line holds a secret: {leaked}");
        }
    }
}
