using System.Text.RegularExpressions;
using Aspire.Hosting.ApplicationModel;
using FinOps.AppHost.Extensions;

namespace FinOps.AppHost.Publishing;

/// <summary>
/// Reads the application model as it stands in publish mode (containers everywhere) into a
/// <see cref="DeploymentApp"/>: resources become workloads, their environment and arguments (as
/// manifest expressions such as <c>{finops.connectionString}</c> or <c>{api.bindings.http.url}</c>)
/// become <see cref="DeployValue"/>s that refer to parameters, hosts and ports instead of values.
/// </summary>
internal sealed partial class DeploymentModelReader(DistributedApplicationModel model, string repositoryRoot)
{
    /// <summary>Port ASP.NET Core listens on in the official images (<c>ASPNETCORE_HTTP_PORTS</c>).</summary>
    public const int ProjectHttpPort = 8080;

    private readonly Dictionary<string, IResource> resources = model.Resources.ToDictionary(r => r.Name, StringComparer.Ordinal);
    private Dictionary<string, DeploymentParameter> parameters = [];
    private DatabaseInfo? database;

    /// <summary>
    /// <c>FINOPS_HOST</c>, <c>FINOPS_PASSWORD</c>, <c>FINOPS_URI</c>…: what a reference injects besides the
    /// connection string. The services read only <c>ConnectionStrings__finops</c>, so deployments leave
    /// these out rather than hand every container more copies of the password.
    /// </summary>
    private HashSet<string> connectionPropertyVariables = [];

    public async Task<DeploymentApp> ReadAsync(CancellationToken ct)
    {
        parameters = model.Resources.OfType<ParameterResource>()
            .OrderBy(p => p.Name, StringComparer.Ordinal)
            .ToDictionary(p => p.Name, p => new DeploymentParameter(p.Name, p.Secret, p.Secret ? null : ConstantDefault(p)), StringComparer.Ordinal);
        database = ReadDatabase();
        connectionPropertyVariables = model.Resources.OfType<IResourceWithConnectionString>()
            .SelectMany(r => r.GetConnectionProperties().Select(p => $"{r.Name.ToUpperInvariant().Replace('-', '_')}_{p.Key.ToUpperInvariant()}"))
            .ToHashSet(StringComparer.Ordinal);

        var completedBy = model.Resources
            .SelectMany(r => r.Annotations.OfType<WaitAnnotation>())
            .Where(w => w.WaitType == WaitType.WaitForCompletion)
            .Select(w => w.Resource.Name)
            .ToHashSet(StringComparer.Ordinal);

        var workloads = new List<Workload>();
        foreach (var resource in model.Resources.OrderBy(r => r.Name, StringComparer.Ordinal))
        {
            if (IsExcluded(resource) || resource is not (ProjectResource or ContainerResource))
            {
                continue;
            }
            ct.ThrowIfCancellationRequested();
            workloads.Add(await ReadWorkloadAsync(resource, completedBy.Contains(resource.Name) ? WorkloadKind.Job : WorkloadKind.Service));
        }
        var used = workloads.SelectMany(w => w.Env.Select(e => e.Value).Concat(w.Args))
            .SelectMany(v => v.Parts)
            .SelectMany(p => p switch
            {
                ParameterPart pp => [pp.Parameter.Name],
                DatabaseConnectionPart d => [d.Database.PasswordParameter, d.Database.SslModeParameter],
                _ => Array.Empty<string>(),
            })
            .Concat(database is null ? [] : [database.PasswordParameter, database.SslModeParameter])
            .ToHashSet(StringComparer.Ordinal);
        return new DeploymentApp(workloads, parameters.Values.Where(p => used.Contains(p.Name)).ToList(), database);
    }

    private async Task<Workload> ReadWorkloadAsync(IResource resource, WorkloadKind kind)
    {
        var image = resource switch
        {
            ProjectResource project => ProjectImage(project),
            _ => resource.TryGetLastAnnotation<ContainerImageAnnotation>(out var img)
                ? new WorkloadImage(string.IsNullOrEmpty(img.Registry) ? img.Image : $"{img.Registry}/{img.Image}", img.Tag ?? "latest", null)
                : throw new InvalidOperationException($"Container '{resource.Name}' has no image."),
        };

        var env = new List<EnvVar>();
        if (resource.HasAnnotationOfType<PostgresExporterAnnotation>() && database is not null)
        {
            env.AddRange(PostgresExporterEnv(database));
        }
        // These give the manifest expressions (ASPIRE-HERE.md); their replacement resolves values instead.
#pragma warning disable CS0618
        if (resource is IResourceWithEnvironment withEnv)
        {
            foreach (var (name, expression) in await withEnv.GetEnvironmentVariableValuesAsync(DistributedApplicationOperation.Publish))
            {
                if (connectionPropertyVariables.Contains(name))
                {
                    continue;
                }
                if (Parse(expression) is { } value)
                {
                    env.Add(new EnvVar(name, value));
                }
            }
        }

        // TLS to PostgreSQL is a setting of its own (Database:SslMode), so a connection string that comes
        // from Vault or a Secret gets it too.
        if (database is not null && env.Any(e => e.Value.References<DatabaseConnectionPart>()))
        {
            env.Add(new EnvVar("Database__SslMode", new DeployValue([new ParameterPart(parameters[database.SslModeParameter])])));
        }

        var args = new List<DeployValue>();
        if (resource is IResourceWithArgs withArgs)
        {
            foreach (var arg in await withArgs.GetArgumentValuesAsync(DistributedApplicationOperation.Publish))
            {
                args.Add(Parse(arg) ?? throw new InvalidOperationException($"Argument '{arg}' of '{resource.Name}' refers to an endpoint that is not deployed."));
            }
        }
#pragma warning restore CS0618

        var ports = resource.Annotations.OfType<EndpointAnnotation>()
            .Where(e => !IsDroppedEndpoint(resource, e))
            .Select(e => new WorkloadPort(e.Name, PortOf(resource, e), e.UriScheme is "tcp" ? "tcp" : "http", e.IsExternal))
            .ToList();

        return new Workload(resource.Name, kind, image, args, env, ports, ProbeOf(resource, kind), DependenciesOf(resource),
            resource.Annotations.OfType<ContainerMountAnnotation>()
                .Where(m => m.Type == ContainerMountType.Volume && m.Source is not null)
                .Select(m => new WorkloadVolume(m.Source!, m.Target)).ToList(),
            resource.Annotations.OfType<MonitoringFilesAnnotation>()
                .Select(f => new WorkloadFiles(f.SourceDirectory, f.MountPath)).ToList(),
            resource.TryGetLastAnnotation<PrometheusScrapeAnnotation>(out var scrape) ? new WorkloadScrape(scrape.EndpointName, scrape.MetricsPath) : null,
            resource switch
            {
                ProjectResource => WorkloadRole.Application,
                PostgresServerResource => WorkloadRole.Database,
                _ => WorkloadRole.Monitoring,
            });
    }

    private WorkloadImage ProjectImage(ProjectResource project)
    {
        var projectDir = Path.GetDirectoryName(project.GetProjectMetadata().ProjectPath)!;
        var name = Path.GetFileName(projectDir);
        var shortName = (name.StartsWith("FinOps.", StringComparison.Ordinal) ? name["FinOps.".Length..] : name).ToLowerInvariant();
        var dockerfile = Path.GetRelativePath(repositoryRoot, Path.Combine(projectDir, "Dockerfile")).Replace('\\', '/');
        return new WorkloadImage(shortName, "latest", dockerfile);
    }

    private static WorkloadProbe? ProbeOf(IResource resource, WorkloadKind kind)
    {
        if (kind == WorkloadKind.Job)
        {
            return null;
        }
        return resource switch
        {
            // The FinOps images carry curl for these probes and for the Vault entrypoint.
            ProjectResource => new WorkloadProbe("http", Microsoft.Extensions.Hosting.Extensions.HealthEndpointPath,
                Microsoft.Extensions.Hosting.Extensions.AlivenessEndpointPath, null, "curl"),
            PostgresServerResource => new WorkloadProbe(null, null, null, ["pg_isready", "-U", "postgres", "-d", "postgres"], null),
            _ when resource.TryGetLastAnnotation<HttpProbeAnnotation>(out var probe) =>
                new WorkloadProbe(probe.EndpointName, probe.ReadinessPath, probe.LivenessPath, null, probe.ProbeTool),
            _ => null,
        };
    }

    private List<WorkloadDependency> DependenciesOf(IResource resource) =>
        resource.Annotations.OfType<WaitAnnotation>()
            .Select(w =>
            {
                var target = w.Resource is IResourceWithParent { Parent: var parent } ? parent : w.Resource;
                var condition = w.WaitType switch
                {
                    WaitType.WaitForCompletion => DependencyCondition.Completed,
                    _ when target is ProjectResource or PostgresServerResource => DependencyCondition.Healthy,
                    // Healthy only when the deployment can check it: distroless images have no client to probe with in Compose.
                    _ when target.TryGetLastAnnotation<HttpProbeAnnotation>(out var probe) && probe.ProbeTool is not null => DependencyCondition.Healthy,
                    _ => DependencyCondition.Started,
                };
                return new WorkloadDependency(target.Name, condition);
            })
            .Where(d => resources.TryGetValue(d.Name, out var r) && !IsExcluded(r))
            .DistinctBy(d => d.Name)
            .OrderBy(d => d.Name, StringComparer.Ordinal)
            .ToList();

    private DatabaseInfo? ReadDatabase()
    {
        var db = model.Resources.OfType<PostgresDatabaseResource>().SingleOrDefault();
        if (db is null)
        {
            return null;
        }
        var sslMode = parameters.Values.FirstOrDefault(p => p.Name == DeploymentPublishing.PostgresSslModeParameter)
            ?? throw new InvalidOperationException($"The model has no '{DeploymentPublishing.PostgresSslModeParameter}' parameter: call AddPostgresSslMode().");
        return new DatabaseInfo(db.Parent.Name, db.DatabaseName, "postgres", PortOf(db.Parent, db.Parent.PrimaryEndpoint.EndpointAnnotation),
            db.Parent.PasswordParameter.Name, sslMode.Name);
    }

    private IEnumerable<EnvVar> PostgresExporterEnv(DatabaseInfo db) =>
    [
        new("DATA_SOURCE_URI", new DeployValue([new HostPart(db.Server), new LiteralPart(":"), new PortPart(db.Server, db.Port),
            new LiteralPart($"/{db.Database}?sslmode="), new ParameterPart(parameters[db.SslModeParameter])])),
        new("DATA_SOURCE_USER", new DeployValue([new DatabaseUserPart(db)])),
        new("DATA_SOURCE_PASS", new DeployValue([new ParameterPart(parameters[db.PasswordParameter])])),
    ];

    /// <summary>Turns a manifest expression into parts; null when it refers to an endpoint that is not deployed (HTTPS).</summary>
    private DeployValue? Parse(string expression)
    {
        var parts = new List<ValuePart>();
        var last = 0;
        foreach (Match m in TokenPattern().Matches(expression))
        {
            if (m.Index > last)
            {
                parts.Add(new LiteralPart(expression[last..m.Index]));
            }
            var resolved = Resolve(m.Groups[1].Value);
            if (resolved is null)
            {
                return null;
            }
            parts.AddRange(resolved);
            last = m.Index + m.Length;
        }
        if (last < expression.Length)
        {
            parts.Add(new LiteralPart(expression[last..]));
        }
        return new DeployValue(Merge(parts));
    }

    private IEnumerable<ValuePart>? Resolve(string token)
    {
        var path = token.Split('.');
        var resource = resources.TryGetValue(path[0], out var r) ? r : throw Unknown(token);
        switch (path[1..])
        {
            case ["value"] or ["inputs", "value"] when resource is ParameterResource p:
                return [new ParameterPart(parameters[p.Name])];
            case ["connectionString"] when resource is PostgresDatabaseResource && database is not null:
                return [new DatabaseConnectionPart(database)];
            case ["connectionString"] when resource is IResourceWithConnectionString cs:
                return Parse(cs.ConnectionStringExpression.ValueExpression)?.Parts;
            case ["bindings", var endpointName, var property]:
                var endpoint = resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == endpointName) ?? throw Unknown(token);
                if (IsDroppedEndpoint(resource, endpoint))
                {
                    return null;
                }
                var host = new HostPart(resource.Name);
                var port = new PortPart(resource.Name, PortOf(resource, endpoint));
                return property switch
                {
                    "host" => [host],
                    "port" or "targetPort" => [port],
                    "hostAndPort" => [host, new LiteralPart(":"), port],
                    "url" => [new LiteralPart(endpoint.UriScheme + "://"), host, new LiteralPart(":"), port],
                    "scheme" => [new LiteralPart(endpoint.UriScheme)],
                    _ => throw Unknown(token),
                };
            default:
                throw Unknown(token);
        }
    }

    /// <summary>TLS terminates at the ingress or a reverse proxy: the services' HTTPS endpoints are not deployed.</summary>
    private static bool IsDroppedEndpoint(IResource resource, EndpointAnnotation endpoint) =>
        resource is ProjectResource && endpoint.UriScheme == "https";

    private static int PortOf(IResource resource, EndpointAnnotation endpoint) =>
        endpoint.TargetPort ?? (resource is ProjectResource ? ProjectHttpPort
            : throw new InvalidOperationException($"Endpoint '{endpoint.Name}' of '{resource.Name}' has no target port."));

    private static bool IsExcluded(IResource resource) =>
        resource.TryGetLastAnnotation<ManifestPublishingCallbackAnnotation>(out var callback) && callback.Callback is null;

    /// <summary>A non-secret parameter's fixed default (generated ones have none worth writing down).</summary>
    private static string? ConstantDefault(ParameterResource parameter) =>
        parameter.Default is null or GenerateParameterDefault || parameter.Default.GetType().Name.Contains("UserSecrets", StringComparison.Ordinal)
            ? null
            : parameter.Default.GetDefaultValue();

    private static List<ValuePart> Merge(List<ValuePart> parts)
    {
        var merged = new List<ValuePart>();
        foreach (var part in parts)
        {
            if (part is LiteralPart next && merged.Count > 0 && merged[^1] is LiteralPart previous)
            {
                merged[^1] = new LiteralPart(previous.Text + next.Text);
            }
            else if (part is not LiteralPart { Text.Length: 0 })
            {
                merged.Add(part);
            }
        }
        return merged;
    }

    private static InvalidOperationException Unknown(string token) =>
        new($"The deployment publisher does not know how to deploy the expression '{{{token}}}'; teach DeploymentModelReader.Resolve.");

    [GeneratedRegex(@"\{([A-Za-z0-9_\-]+(?:\.[A-Za-z0-9_\-]+)+)\}")]
    private static partial Regex TokenPattern();
}

/// <summary>The database user: <c>postgres</c> for the bundled server, <c>database.username</c> in Helm values.</summary>
internal sealed record DatabaseUserPart(DatabaseInfo Database) : ValuePart;
