using System.Text;
using Aspire.Hosting.ApplicationModel;

namespace FinOps.AppHost.Extensions;

internal static class LocalPrometheusExtensions
{
    public const string PrometheusBinary = "/usr/bin/prometheus";

    /// <summary>
    /// Debian's Prometheus as a local process scraping <c>/metrics</c> of the given services, when no
    /// container runtime exists and the binary is installed; returns null (and says so) otherwise.
    /// Its configuration is written just before it starts, from the services' actual endpoints.
    /// </summary>
    public static IResourceBuilder<ExecutableResource>? AddLocalPrometheus(
        this IDistributedApplicationBuilder builder, params IResourceBuilder<ProjectResource>[] targets)
    {
        if (!File.Exists(PrometheusBinary) || builder.ExecutionContext.IsPublishMode)
        {
            Console.WriteLine($"Prometheus is not started: {PrometheusBinary} is missing (apt-get install -y prometheus).");
            return null;
        }
        var dir = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", ".finops", "prometheus"));
        Directory.CreateDirectory(dir);
        var configPath = Path.Combine(dir, "prometheus.yml");

        var prometheus = builder.AddExecutable(ResourceNames.Prometheus, PrometheusBinary, dir)
            .WithHttpEndpoint(name: "http")
            .WithHttpHealthCheck("/-/ready");
        var endpoint = prometheus.GetEndpoint("http");
        prometheus.WithArgs(ctx =>
        {
            ctx.Args.Add($"--config.file={configPath}");
            ctx.Args.Add($"--storage.tsdb.path={Path.Combine(dir, "data")}");
            ctx.Args.Add("--storage.tsdb.retention.time=15d");
            ctx.Args.Add(ReferenceExpression.Create($"--web.listen-address=127.0.0.1:{endpoint.Property(EndpointProperty.TargetPort)}"));
        });

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(prometheus.Resource, async (_, ct) =>
        {
            var yaml = new StringBuilder("""
                global:
                  scrape_interval: 15s
                  evaluation_interval: 15s
                scrape_configs:

                """);
            foreach (var target in targets)
            {
                var hostAndPort = await target.GetEndpoint("http").Property(EndpointProperty.HostAndPort).GetValueAsync(ct);
                yaml.Append($"""
                      - job_name: {target.Resource.Name}
                        metrics_path: /metrics
                        static_configs:
                          - targets: ['{hostAndPort}']

                    """);
            }
            await File.WriteAllTextAsync(configPath, yaml.ToString(), ct);
        });
        return prometheus;
    }
}
