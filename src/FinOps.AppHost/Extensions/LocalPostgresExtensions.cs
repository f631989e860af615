using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace FinOps.AppHost.Extensions;

/// <summary>Debian's PostgreSQL run as a plain process, exposing a connection string like a container would.</summary>
internal sealed class LocalPostgresResource(string name, string command, string workingDirectory, ParameterResource password, string database)
    : ExecutableResource(name, command, workingDirectory), IResourceWithConnectionString
{
    public const string EndpointName = "tcp";

    public ParameterResource Password { get; } = password;

    public EndpointReference Endpoint => new(this, EndpointName);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={Endpoint.Property(EndpointProperty.Host)};Port={Endpoint.Property(EndpointProperty.Port)};Username=postgres;Password={Password};Database={database}");
}

internal static class LocalPostgresExtensions
{
    public const string InstallCommand = "sudo apt-get install -y postgresql";

    /// <summary>
    /// The <c>finops</c> database: a PostgreSQL container when a runtime exists, otherwise Debian's
    /// <c>postgres</c> started by <c>scripts/local-postgres.sh</c> with its data under
    /// <c>FinOps:PostgresDataDirectory</c> (default <c>.finops/postgres</c> in the repository).
    /// Fails at once, naming the install command, when neither is possible.
    /// </summary>
    public static IResourceBuilder<IResourceWithConnectionString> AddFinOpsDatabase(
        this IDistributedApplicationBuilder builder, bool useContainers)
    {
        var password = builder.AddParameter($"{ResourceNames.Postgres}-password",
            new GenerateParameterDefault { MinLength = 24, Special = false }, secret: true, persist: true);

        if (useContainers)
        {
            return builder.AddPostgres(ResourceNames.Postgres, password: password)
                .WithDataVolume("finops-postgres-data")
                .AddDatabase(ResourceNames.Database);
        }

        var bin = FindPostgresBin() ?? throw new DistributedApplicationException(
            $"No container runtime and no PostgreSQL server binaries (/usr/lib/postgresql/*/bin/postgres). Install them with: {InstallCommand}");
        var dataDir = builder.Configuration["FinOps:PostgresDataDirectory"] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, builder.AppHostDirectory)
            : Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "..", ".finops", "postgres"));
        var script = Path.Combine(builder.AppHostDirectory, "scripts", "local-postgres.sh");

        var resource = new LocalPostgresResource(ResourceNames.Postgres, "bash", builder.AppHostDirectory, password.Resource, ResourceNames.Database);
        var healthCheckKey = $"{ResourceNames.Postgres}-accepts-connections";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheckKey, async ct =>
        {
            // A TCP connect to the proxy succeeds before postgres listens: only a real session proves it is up.
            var cs = await resource.ConnectionStringExpression.GetValueAsync(ct);
            var csb = new NpgsqlConnectionStringBuilder(cs) { Database = "postgres", Pooling = false, Timeout = 3 };
            try
            {
                await using var connection = new NpgsqlConnection(csb.ConnectionString);
                await connection.OpenAsync(ct);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException)
            {
                return HealthCheckResult.Unhealthy("PostgreSQL is not accepting connections yet");
            }
        });

        return builder.AddResource(resource)
            .WithArgs(script)
            .WithEnvironment("PG_BIN", bin)
            .WithEnvironment("PG_DATA_DIR", dataDir)
            .WithEnvironment("POSTGRES_PASSWORD", password)
            .WithEndpoint(name: LocalPostgresResource.EndpointName, scheme: "tcp", env: "PGPORT")
            .WithHealthCheck(healthCheckKey)
            .WithUrlForEndpoint(LocalPostgresResource.EndpointName, u => u.DisplayLocation = UrlDisplayLocation.DetailsOnly)
            .ExcludeFromManifest();
    }

    private static string? FindPostgresBin() =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d, StringComparer.Ordinal)
                .Select(d => Path.Combine(d, "bin")).FirstOrDefault(d => File.Exists(Path.Combine(d, "postgres")))
            : null;
}
