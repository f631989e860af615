using Aspire.Hosting.ApplicationModel;
using FinOps.AppHost.Publishing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace FinOps.AppHost.Extensions;

/// <summary>
/// Prometheus with the FinOps alert rules, a PostgreSQL exporter, Grafana with the dashboards of
/// <c>deploy/monitoring</c>, and Loki for logs.
/// <list type="bullet">
/// <item>Without a container runtime: Debian's <c>prometheus</c> and <c>prometheus-postgres-exporter</c>
/// as local processes when installed; Grafana and Loki are skipped (they exist only as containers),
/// which the AppHost says at start. The Aspire dashboard shows logs, traces and metrics.</item>
/// <item>With a runtime, and always in publish mode: all four as containers, provisioned from
/// <c>deploy/monitoring</c>. Publishing adds an OpenTelemetry Collector that forwards the services'
/// logs to Loki (when the AppHost runs, the services send telemetry to the Aspire dashboard).</item>
/// </list>
/// </summary>
internal static class MonitoringExtensions
{
    public const string PostgresExporterBinary = "/usr/bin/prometheus-postgres-exporter";
    public const string GrafanaAdminPassword = "grafana-admin-password";

    /// <summary>Folder of the dashboards, provisioning files, alert rules and Loki/Collector configs.</summary>
    public static string MonitoringDirectory(this IDistributedApplicationBuilder builder) =>
        Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", "deploy", "monitoring"));

    /// <summary>Marks a service's <c>http</c> endpoint for Prometheus (<c>/metrics</c>, from ServiceDefaults).</summary>
    public static IResourceBuilder<T> WithPrometheusScrape<T>(this IResourceBuilder<T> resource, string endpointName = "http",
        string metricsPath = Microsoft.Extensions.Hosting.Extensions.MetricsEndpointPath) where T : IResourceWithEndpoints =>
        resource.WithAnnotation(new PrometheusScrapeAnnotation(endpointName, metricsPath));

    public static void AddMonitoring(this IDistributedApplicationBuilder builder, bool useContainers,
        IResourceBuilder<IResourceWithConnectionString> database, IResourceBuilder<ParameterResource> postgresSslMode,
        params IResourceBuilder<ProjectResource>[] services)
    {
        foreach (var service in services)
        {
            service.WithPrometheusScrape();
        }
        if (!useContainers)
        {
            builder.AddLocalPostgresExporter(database);
            builder.AddLocalPrometheus();
            Console.WriteLine("Grafana and Loki are not started: they run only as containers. The Aspire dashboard shows logs, traces and metrics.");
            return;
        }

        builder.AddPostgresExporterContainer(database, postgresSslMode);
        var prometheus = builder.AddPrometheusContainer();
        var loki = builder.AddContainer(ResourceNames.Loki, "grafana/loki", "3.5.3")
            .WithHttpEndpoint(targetPort: 3100, name: "http")
            .WithHttpProbe("/ready", probeTool: null)
            .WithArgs("-config.file=/etc/loki/loki.yaml")
            .WithVolume("finops-loki-data", "/loki")
            .WithMonitoringFiles(builder, "loki", "/etc/loki");
        var grafanaPassword = builder.AddParameter(GrafanaAdminPassword,
            new GenerateParameterDefault { MinLength = 20, Special = false }, secret: true, persist: true);
        builder.AddContainer(ResourceNames.Grafana, "grafana/grafana", "12.1.1")
            .WithHttpEndpoint(targetPort: 3000, name: "http")
            .WithExternalHttpEndpoints()
            .WithHttpProbe("/api/health")
            .WithEnvironment("GF_SECURITY_ADMIN_USER", "admin")
            .WithEnvironment("GF_SECURITY_ADMIN_PASSWORD", grafanaPassword)
            .WithEnvironment("GF_USERS_ALLOW_SIGN_UP", "false")
            .WithEnvironment("GF_ANALYTICS_REPORTING_ENABLED", "false")
            .WithEnvironment("PROMETHEUS_URL", prometheus.GetEndpoint("http"))
            .WithEnvironment("LOKI_URL", loki.GetEndpoint("http"))
            .WithEnvironment("FINOPS_DASHBOARDS_PATH", "/var/lib/grafana/dashboards")
            .WithVolume("finops-grafana-data", "/var/lib/grafana")
            .WithMonitoringFiles(builder, "grafana/provisioning", "/etc/grafana/provisioning")
            .WithMonitoringFiles(builder, "grafana/dashboards", "/var/lib/grafana/dashboards")
            .WaitFor(prometheus).WaitFor(loki);

        if (builder.ExecutionContext.IsPublishMode)
        {
            var collector = builder.AddContainer(ResourceNames.OtelCollector, "otel/opentelemetry-collector-contrib", "0.135.0")
                .WithEndpoint(targetPort: 4317, name: "otlp", scheme: "http")
                .WithHttpEndpoint(targetPort: 13133, name: "health")
                .WithHttpProbe("/", endpointName: "health", probeTool: null)
                .WithArgs("--config=/etc/otelcol/config.yaml")
                .WithEnvironment(ctx => ctx.EnvironmentVariables["LOKI_OTLP_ENDPOINT"] =
                    ReferenceExpression.Create($"{loki.GetEndpoint("http")}/otlp"))
                .WithMonitoringFiles(builder, "otel-collector", "/etc/otelcol")
                .WaitFor(loki);
            foreach (var service in services)
            {
                service.WithEnvironment("OTEL_EXPORTER_OTLP_ENDPOINT", collector.GetEndpoint("otlp"))
                    .WithEnvironment("OTEL_SERVICE_NAME", service.Resource.Name);
            }
        }
    }

    /// <summary>Mounts (run mode) or records for the publisher (publish mode) a folder of <c>deploy/monitoring</c>.</summary>
    private static IResourceBuilder<ContainerResource> WithMonitoringFiles(this IResourceBuilder<ContainerResource> container,
        IDistributedApplicationBuilder builder, string sourceDirectory, string mountPath)
    {
        container.WithAnnotation(new MonitoringFilesAnnotation(sourceDirectory, mountPath));
        return builder.ExecutionContext.IsPublishMode
            ? container
            : container.WithBindMount(Path.Combine(builder.MonitoringDirectory(), sourceDirectory), mountPath, isReadOnly: true);
    }

    private static IResourceBuilder<ContainerResource> AddPrometheusContainer(this IDistributedApplicationBuilder builder)
    {
        var prometheus = builder.AddContainer(ResourceNames.Prometheus, "prom/prometheus", "v3.5.0")
            .WithHttpEndpoint(targetPort: 9090, name: "http")
            .WithHttpProbe("/-/ready", "/-/healthy")
            .WithArgs("--config.file=/etc/prometheus/prometheus.yml", "--storage.tsdb.path=/prometheus",
                "--storage.tsdb.retention.time=15d")
            .WithVolume("finops-prometheus-data", "/prometheus")
            .WithAnnotation(new PrometheusServerAnnotation("/etc/prometheus"));
        if (builder.ExecutionContext.IsPublishMode)
        {
            // The rules are copied; the publisher writes prometheus.yml for the deployment's network.
            return prometheus.WithAnnotation(new MonitoringFilesAnnotation("prometheus", "/etc/prometheus"));
        }

        // Run mode: the services are processes on the host, which the container reaches as host.docker.internal.
        var dir = builder.LocalStateDirectory("prometheus-container");
        prometheus.WithBindMount(dir, "/etc/prometheus", isReadOnly: true);
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(prometheus.Resource, async (e, ct) =>
        {
            var jobs = new List<PrometheusScrapeJob>();
            foreach (var (resource, scrape) in ScrapeTargets(e.Services.GetRequiredService<DistributedApplicationModel>()))
            {
                var endpoint = resource.GetEndpoint(scrape.EndpointName);
                var target = endpoint.Resource is ContainerResource
                    ? $"{endpoint.Resource.Name}:{endpoint.TargetPort}"
                    : $"host.docker.internal:{await endpoint.Property(EndpointProperty.Port).GetValueAsync(ct)}";
                jobs.Add(new PrometheusScrapeJob(resource.Name, scrape.MetricsPath, [target]));
            }
            await PrometheusConfig.WriteAsync(dir, builder.MonitoringDirectory(), jobs, ct);
        });
        return prometheus;
    }

    /// <summary>Debian's Prometheus as a local process with the generated scrape configuration and the alert rules.</summary>
    private static void AddLocalPrometheus(this IDistributedApplicationBuilder builder)
    {
        var prometheus = builder.AddLocalPrometheusProcess();
        if (prometheus is null)
        {
            return;
        }
        var dir = prometheus.Resource.WorkingDirectory;
        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(prometheus.Resource, async (e, ct) =>
        {
            var jobs = new List<PrometheusScrapeJob>();
            foreach (var (resource, scrape) in ScrapeTargets(e.Services.GetRequiredService<DistributedApplicationModel>()))
            {
                var hostAndPort = await resource.GetEndpoint(scrape.EndpointName).Property(EndpointProperty.HostAndPort).GetValueAsync(ct);
                jobs.Add(new PrometheusScrapeJob(resource.Name, scrape.MetricsPath, [hostAndPort!]));
            }
            var self = await prometheus.GetEndpoint("http").Property(EndpointProperty.TargetPort).GetValueAsync(ct);
            await PrometheusConfig.WriteAsync(dir, builder.MonitoringDirectory(), jobs, ct, self: $"127.0.0.1:{self}");
        });
    }

    /// <summary>
    /// Debian's <c>prometheus-postgres-exporter</c> as a local process, when installed, with
    /// <c>DATA_SOURCE_NAME</c> made from the database's connection string.
    /// </summary>
    private static void AddLocalPostgresExporter(this IDistributedApplicationBuilder builder, IResourceBuilder<IResourceWithConnectionString> database)
    {
        if (!File.Exists(PostgresExporterBinary))
        {
            Console.WriteLine($"The PostgreSQL exporter is not started: {PostgresExporterBinary} is missing (apt-get install -y prometheus-postgres-exporter).");
            return;
        }
        var exporter = builder.AddExecutable(ResourceNames.PostgresExporter, PostgresExporterBinary, builder.LocalStateDirectory("postgres-exporter"))
            .WithHttpEndpoint(name: "http")
            .WithHttpHealthCheck("/")
            .WaitFor(database)
            .WithPrometheusScrape(metricsPath: "/metrics")
            .WithEnvironment(async ctx =>
            {
                var cs = await database.Resource.ConnectionStringExpression.GetValueAsync(ctx.CancellationToken);
                ctx.EnvironmentVariables["DATA_SOURCE_NAME"] = LibpqUri(cs!, sslMode: "disable");
            });
        var endpoint = exporter.GetEndpoint("http");
        exporter.WithArgs(ctx =>
        {
            ctx.Args.Add(ReferenceExpression.Create($"--web.listen-address=127.0.0.1:{endpoint.Property(EndpointProperty.TargetPort)}"));
            ctx.Args.Add("--log.level=warn");
        });
    }

    /// <summary>The container exporter gets host, database, user and password separately: no URI escaping of the password needed.</summary>
    private static void AddPostgresExporterContainer(this IDistributedApplicationBuilder builder,
        IResourceBuilder<IResourceWithConnectionString> database, IResourceBuilder<ParameterResource> sslMode)
    {
        if (database.Resource is not PostgresDatabaseResource db)
        {
            return;
        }
        var server = db.Parent;
        var exporter = builder.AddContainer(ResourceNames.PostgresExporter, "quay.io/prometheuscommunity/postgres-exporter", "v0.17.1")
            .WithHttpEndpoint(targetPort: 9187, name: "http")
            .WithHttpProbe("/")
            .WithPrometheusScrape(metricsPath: "/metrics")
            .WaitFor(database);
        if (builder.ExecutionContext.IsPublishMode)
        {
            // Compose points it at the bundled server, Helm at the external one: the publisher writes its settings.
            exporter.WithAnnotation(new PostgresExporterAnnotation());
            return;
        }
        exporter.WithEnvironment(ctx =>
        {
            ctx.EnvironmentVariables["DATA_SOURCE_URI"] = ReferenceExpression.Create(
                $"{server.PrimaryEndpoint.Property(EndpointProperty.Host)}:{server.PrimaryEndpoint.Property(EndpointProperty.Port)}/{db.DatabaseName}?sslmode={sslMode.Resource}");
            ctx.EnvironmentVariables["DATA_SOURCE_USER"] = server.UserNameReference;
            ctx.EnvironmentVariables["DATA_SOURCE_PASS"] = server.PasswordParameter;
        });
    }

    /// <summary>Every resource marked with <see cref="PrometheusScrapeAnnotation"/>, in model order.</summary>
    internal static IEnumerable<(IResourceWithEndpoints Resource, PrometheusScrapeAnnotation Scrape)> ScrapeTargets(DistributedApplicationModel model) =>
        model.Resources.OfType<IResourceWithEndpoints>()
            .SelectMany(r => r.Annotations.OfType<PrometheusScrapeAnnotation>().Select(a => (r, a)));

    /// <summary><c>postgresql://user:password@host:port/database?sslmode=…</c> from an Npgsql connection string.</summary>
    internal static string LibpqUri(string npgsqlConnectionString, string sslMode)
    {
        var csb = new NpgsqlConnectionStringBuilder(npgsqlConnectionString);
        var credentials = Uri.EscapeDataString(csb.Username ?? "postgres")
            + (string.IsNullOrEmpty(csb.Password) ? "" : ":" + Uri.EscapeDataString(csb.Password));
        return $"postgresql://{credentials}@{csb.Host}:{csb.Port}/{Uri.EscapeDataString(csb.Database ?? "postgres")}?sslmode={sslMode}";
    }

    /// <summary>A folder under <c>.finops/</c> at the repository root for a local process's state.</summary>
    internal static string LocalStateDirectory(this IDistributedApplicationBuilder builder, string name)
    {
        var dir = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", ".finops", name));
        Directory.CreateDirectory(dir);
        return dir;
    }
}
