extern alias AppHostAssembly;

using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using FinOps.ServiceDefaults;

namespace FinOps.Tests.AppHost;

/// <summary>Starts the whole application model (local PostgreSQL, migrations, API, Workers, UI host) as the run command does.</summary>
public sealed class AppHostTests
{
    private const string AdminKey = "fo_apphost-test-admin-key-0123456789";

    [Fact]
    public async Task AppHost_starts_every_service_and_the_ui_reaches_the_api_through_the_proxy()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        cts.CancelAfter(TimeSpan.FromMinutes(4));
        var ct = cts.Token;
        var dataDir = Directory.CreateTempSubdirectory("finops-apphost-test-");
        try
        {
            var builder = await DistributedApplicationTestingBuilder.CreateAsync<AppHostAssembly::Projects.FinOps_AppHost>(
            [
                "FinOps:LoadDemoData=false",
                "FinOps:ViteDevServer=false",
                $"FinOps:PostgresDataDirectory={dataDir.FullName}",
                $"Parameters:bootstrap-admin-key={AdminKey}",
                "Parameters:postgres-password=apphost-test-password",
            ], ct);
            await using var app = await builder.BuildAsync(ct);
            await app.StartAsync(ct);

            var log = new List<string>();
            var watch = Task.Run(async () =>
            {
                await foreach (var e in app.ResourceNotifications.WatchAsync(ct))
                {
                    lock (log) { log.Add($"{e.Resource.Name}: {e.Snapshot.State?.Text} {e.Snapshot.HealthStatus}"); }
                }
            }, ct);

            try
            {
                await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Api, ct);
                await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Frontend, ct);
                await app.ResourceNotifications.WaitForResourceHealthyAsync(ResourceNames.Workers, ct);
            }
            catch (OperationCanceledException)
            {
                lock (log) { Assert.Fail("Resources did not become healthy:\n" + string.Join("\n", log.TakeLast(40))); }
            }

            using var api = app.CreateHttpClient(ResourceNames.Api);
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/health", ct)).StatusCode);

            using var ui = app.CreateHttpClient(ResourceNames.Frontend);
            var index = await ui.GetStringAsync("/", ct);
            Assert.Contains("<div id=\"root\">", index);

            // The UI host forwards /api to the API found by service discovery.
            ui.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
            var status = await ui.GetFromJsonAsync<JsonElement>("/api/v1/system/status", ct);
            var components = status.GetProperty("components").EnumerateArray()
                .ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
            Assert.Equal("healthy", components["database"]);
            Assert.Equal("healthy", components["workers"]);
        }
        finally
        {
            try
            {
                dataDir.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }
}
