namespace FinOps.AppHost.Publishing;

/// <summary>
/// What the AppHost's application model says about a deployment, in the terms Compose and Helm need:
/// workloads with images, settings, ports, probes, dependencies and storage, and the parameters
/// their settings refer to. Built by <see cref="DeploymentModelReader"/>; every list is in a fixed
/// order so the generated files are byte-for-byte reproducible.
/// </summary>
internal sealed record DeploymentApp(
    IReadOnlyList<Workload> Workloads,
    IReadOnlyList<DeploymentParameter> Parameters,
    DatabaseInfo? Database);

internal enum WorkloadKind
{
    /// <summary>Runs until stopped.</summary>
    Service,
    /// <summary>Runs once to completion before the services that wait for it (the migrations).</summary>
    Job,
}

internal sealed record Workload(
    string Name,
    WorkloadKind Kind,
    WorkloadImage Image,
    IReadOnlyList<DeployValue> Args,
    IReadOnlyList<EnvVar> Env,
    IReadOnlyList<WorkloadPort> Ports,
    WorkloadProbe? Probe,
    IReadOnlyList<WorkloadDependency> DependsOn,
    IReadOnlyList<WorkloadVolume> Volumes,
    IReadOnlyList<WorkloadFiles> Files,
    WorkloadScrape? Scrape,
    WorkloadRole Role)
{
    public bool IsProject => Image.Dockerfile is not null;

    public WorkloadPort? HttpPort => Ports.FirstOrDefault(p => p.Scheme == "http");
}

/// <summary>What a workload is for: the chart deploys them differently.</summary>
internal enum WorkloadRole
{
    /// <summary>A FinOps service built from this repository.</summary>
    Application,
    /// <summary>The PostgreSQL server: a container in Compose, an external (managed) server in Helm.</summary>
    Database,
    /// <summary>Prometheus, Grafana, Loki, the exporter, the collector: optional in Helm.</summary>
    Monitoring,
}

/// <param name="Image">Repository, e.g. <c>prom/prometheus</c> or <c>finops/api</c>.</param>
/// <param name="Dockerfile">For images built from this repository: the Dockerfile, relative to the repository root.</param>
internal sealed record WorkloadImage(string Image, string Tag, string? Dockerfile);

internal sealed record EnvVar(string Name, DeployValue Value);

internal sealed record WorkloadPort(string Name, int Port, string Scheme, bool External);

/// <summary>HTTP readiness and liveness paths on a port, or a command (PostgreSQL's <c>pg_isready</c>).</summary>
/// <param name="Tool">The HTTP client inside the image for a Compose health check (<c>curl</c>, <c>wget</c>); null when the image has none.</param>
internal sealed record WorkloadProbe(string? Port, string? ReadinessPath, string? LivenessPath, IReadOnlyList<string>? Command, string? Tool);

internal enum DependencyCondition { Started, Healthy, Completed }

internal sealed record WorkloadDependency(string Name, DependencyCondition Condition);

internal sealed record WorkloadVolume(string Name, string MountPath);

/// <summary>Files of <c>deploy/monitoring/<see cref="SourceDirectory"/></c> mounted read-only at <see cref="MountPath"/>.</summary>
internal sealed record WorkloadFiles(string SourceDirectory, string MountPath);

internal sealed record WorkloadScrape(string Port, string MetricsPath);

/// <summary>A parameter of the model: secrets become <c>${VARIABLES}</c> in Compose and Secret keys in Helm.</summary>
internal sealed record DeploymentParameter(string Name, bool Secret, string? Default)
{
    /// <summary><c>postgres-password</c> → <c>POSTGRES_PASSWORD</c>.</summary>
    public string EnvironmentName => Name.ToUpperInvariant().Replace('-', '_');

    /// <summary><c>postgres-password</c> → <c>postgresPassword</c>, the key in values.yaml.</summary>
    public string ValuesKey => string.Concat(Name.Split('-').Select((p, i) => i == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
}

/// <summary>The one PostgreSQL database of the model and how to reach its server.</summary>
internal sealed record DatabaseInfo(string Server, string Database, string UserName, int Port, string PasswordParameter, string SslModeParameter);

/// <summary>A setting as a sequence of parts, rendered differently by Compose and Helm.</summary>
internal sealed record DeployValue(IReadOnlyList<ValuePart> Parts)
{
    public static DeployValue Of(string literal) => new([new LiteralPart(literal)]);

    public bool References<T>() where T : ValuePart => Parts.Any(p => p is T);

    public IEnumerable<string> SecretParameters => Parts.OfType<ParameterPart>().Where(p => p.Parameter.Secret).Select(p => p.Parameter.Name);
}

internal abstract record ValuePart;

internal sealed record LiteralPart(string Text) : ValuePart;

internal sealed record ParameterPart(DeploymentParameter Parameter) : ValuePart;

/// <summary>The network name of a workload (Compose service, Kubernetes Service).</summary>
internal sealed record HostPart(string Workload) : ValuePart;

/// <summary>A workload's port as other workloads reach it.</summary>
internal sealed record PortPart(string Workload, int Port) : ValuePart;

/// <summary>The database's ADO.NET connection string; its TLS mode is the separate setting <c>Database__SslMode</c>.</summary>
internal sealed record DatabaseConnectionPart(DatabaseInfo Database) : ValuePart;
