using Aspire.Hosting.ApplicationModel;

namespace FinOps.AppHost.Extensions;

/// <summary>
/// Prometheus scrapes this resource's endpoint at <see cref="MetricsPath"/>, as job <c>resource name</c>.
/// Read by the run-mode Prometheus configuration and by the deployment publisher alike.
/// </summary>
internal sealed record PrometheusScrapeAnnotation(string EndpointName, string MetricsPath) : IResourceAnnotation;

/// <summary>
/// A container needs the files of <c>deploy/monitoring/<see cref="SourceDirectory"/></c> at
/// <see cref="MountPath"/>: bind-mounted when the AppHost runs, copied beside the Compose file and
/// put in ConfigMaps of the Helm chart when it publishes.
/// </summary>
internal sealed record MonitoringFilesAnnotation(string SourceDirectory, string MountPath) : IResourceAnnotation;

/// <summary>This container is the Prometheus server: its configuration is generated from the scrape annotations.</summary>
internal sealed record PrometheusServerAnnotation(string ConfigDirectory) : IResourceAnnotation;
