using Aspire.Hosting.ApplicationModel;

namespace FinOps.AppHost.Extensions;

internal static class LocalPrometheusExtensions
{
    public const string PrometheusBinary = "/usr/bin/prometheus";

    /// <summary>
    /// Debian's Prometheus as a local process, when no container runtime exists and the binary is
    /// installed; returns null (and says so) otherwise. Its working directory (<c>.finops/prometheus</c>)
    /// holds the configuration, which <see cref="MonitoringExtensions"/> writes just before it starts
    /// from the actual endpoints, and the TSDB.
    /// </summary>
    public static IResourceBuilder<ExecutableResource>? AddLocalPrometheusProcess(this IDistributedApplicationBuilder builder)
    {
        if (!File.Exists(PrometheusBinary) || builder.ExecutionContext.IsPublishMode)
        {
            Console.WriteLine($"Prometheus is not started: {PrometheusBinary} is missing (apt-get install -y prometheus).");
            return null;
        }
        var dir = builder.LocalStateDirectory("prometheus");
        var prometheus = builder.AddExecutable(ResourceNames.Prometheus, PrometheusBinary, dir)
            .WithHttpEndpoint(name: "http")
            .WithHttpHealthCheck("/-/ready")
            .ExcludeFromManifest();
        var endpoint = prometheus.GetEndpoint("http");
        prometheus.WithArgs(ctx =>
        {
            ctx.Args.Add($"--config.file={Path.Combine(dir, "prometheus.yml")}");
            ctx.Args.Add($"--storage.tsdb.path={Path.Combine(dir, "data")}");
            ctx.Args.Add("--storage.tsdb.retention.time=15d");
            ctx.Args.Add(ReferenceExpression.Create($"--web.listen-address=127.0.0.1:{endpoint.Property(EndpointProperty.TargetPort)}"));
        });
        return prometheus;
    }
}
