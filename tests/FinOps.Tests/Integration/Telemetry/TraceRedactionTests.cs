using System.Collections.Concurrent;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FinOps.Tests.Integration.Telemetry;

public sealed class TraceRedactionTests
{
    [Fact]
    public async Task Outgoing_request_traces_keep_no_path_or_query_where_secrets_live()
    {
        var ct = TestContext.Current.CancellationToken;
        var receiver = WebApplication.CreateSlimBuilder();
        receiver.WebHost.UseUrls("http://127.0.0.1:0");
        await using var server = receiver.Build();
        server.MapPost("/services/T000/B000/super-secret-token", () => Results.Ok());
        await server.StartAsync(ct);

        var tags = new ConcurrentBag<string>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name.StartsWith("System.Net.Http", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                foreach (var tag in activity.TagObjects)
                {
                    tags.Add($"{tag.Key}={tag.Value}");
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        var builder = Host.CreateApplicationBuilder();
        builder.AddServiceDefaults();
        using var host = builder.Build();
        await host.StartAsync(ct);
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("webhooks");
        var url = $"{server.Urls.First()}/services/T000/B000/super-secret-token?sig=also-secret";
        (await client.PostAsync(url, new StringContent("{}"), ct)).EnsureSuccessStatusCode();
        await host.StopAsync(ct);

        Assert.Contains(tags, t => t.StartsWith("url.full=", StringComparison.Ordinal));
        Assert.DoesNotContain(tags, t => t.Contains("super-secret-token", StringComparison.Ordinal) || t.Contains("also-secret", StringComparison.Ordinal));
    }
}
