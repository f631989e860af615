using System.Text;

namespace FinOps.AppHost.Extensions;

/// <summary>One scrape job: Prometheus' <c>job</c> label is the resource name, as the alert rules expect.</summary>
internal sealed record PrometheusScrapeJob(string Name, string MetricsPath, IReadOnlyList<string> Targets);

/// <summary>
/// Writes <c>prometheus.yml</c> (static targets) beside a copy of <c>deploy/monitoring/prometheus/alerts.yml</c>,
/// which it loads. Used for the local process, the container and the Compose deployment.
/// </summary>
internal static class PrometheusConfig
{
    public const string RulesFile = "alerts.yml";

    /// <param name="self">Where Prometheus scrapes itself: <c>localhost:9090</c> in a container, its own port as a local process.</param>
    public static string Render(IEnumerable<PrometheusScrapeJob> jobs, string? header = null, string self = "localhost:9090")
    {
        var yaml = new StringBuilder();
        if (header is not null)
        {
            yaml.Append(header);
        }
        yaml.Append($"""
            global:
              scrape_interval: 15s
              evaluation_interval: 15s
            rule_files:
              - {RulesFile}
            scrape_configs:
              - job_name: prometheus
                static_configs:
                  - targets: ['{self}']

            """);
        foreach (var job in jobs)
        {
            yaml.Append($"""
                  - job_name: {job.Name}
                    metrics_path: {job.MetricsPath}
                    static_configs:
                      - targets: [{string.Join(", ", job.Targets.Select(t => $"'{t}'"))}]

                """);
        }
        return yaml.ToString().Replace("\r\n", "\n", StringComparison.Ordinal);
    }

    public static async Task WriteAsync(string directory, string monitoringDirectory, IEnumerable<PrometheusScrapeJob> jobs, CancellationToken ct,
        string self = "localhost:9090")
    {
        Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(monitoringDirectory, "prometheus", RulesFile), Path.Combine(directory, RulesFile), overwrite: true);
        await File.WriteAllTextAsync(Path.Combine(directory, "prometheus.yml"), Render(jobs, self: self), ct);
    }
}
