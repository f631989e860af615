using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Pipelines;
using FinOps.AppHost.Extensions;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

// The pipeline API is marked experimental in Aspire 13.6; it is the documented way to add a publish step.
#pragma warning disable ASPIREPIPELINES001, ASPIREPIPELINES004

namespace FinOps.AppHost.Publishing;

/// <summary>
/// Deployment artifacts from the application model. Aspire.Hosting.Docker and .Kubernetes are not
/// available here, so a pipeline step of our own, required by <c>publish</c>, reads the model
/// (<see cref="DeploymentModelReader"/>) and writes <c>compose/</c> (<see cref="ComposeWriter"/>) and
/// <c>helm/finops/</c> (<see cref="HelmChartWriter"/>) into the output folder:
/// <c>dotnet run --project src/FinOps.AppHost -- --operation publish --step publish --output-path OUT</c>,
/// which <c>deploy/generate.sh OUT</c> wraps.
/// </summary>
internal static class DeploymentPublishing
{
    public const string StepName = "finops-deployment-files";
    public const string PostgresSslModeParameter = "postgres-sslmode";

    /// <summary>
    /// The SSL mode of the services' PostgreSQL connections in deployments (<c>require</c> unless set;
    /// <c>POSTGRES_SSLMODE</c> in Compose, <c>database.sslMode</c> in Helm), given to the services as
    /// <c>Database__SslMode</c> and to the exporter in its data source. In publish mode the bundled
    /// PostgreSQL container also turns TLS on, with the self-signed certificate of its image.
    /// When the AppHost runs, local connections use <c>disable</c>.
    /// </summary>
    public static IResourceBuilder<ParameterResource> AddPostgresSslMode(this IDistributedApplicationBuilder builder,
        IResourceBuilder<IResourceWithConnectionString> database)
    {
        var publish = builder.ExecutionContext.IsPublishMode;
        if (publish && database.Resource is PostgresDatabaseResource db)
        {
            builder.CreateResourceBuilder(db.Parent).WithArgs("-c", "ssl=on",
                "-c", "ssl_cert_file=/etc/ssl/certs/ssl-cert-snakeoil.pem",
                "-c", "ssl_key_file=/etc/ssl/private/ssl-cert-snakeoil.key");
        }
        return builder.AddParameter(PostgresSslModeParameter, publish ? "require" : "disable", publishValueAsDefault: true);
    }

    /// <summary>Registers the step that writes <c>compose/</c> and <c>helm/</c> on <c>publish</c>. Call it after every resource is added.</summary>
    public static void AddDeploymentPublishing(this IDistributedApplicationBuilder builder)
    {
        var repositoryRoot = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", ".."));
        var monitoring = builder.MonitoringDirectory();
        builder.Pipeline.AddStep(StepName, async ctx =>
        {
            var output = ctx.Services.GetRequiredService<IPipelineOutputService>().GetOutputDirectory();
            var app = await new DeploymentModelReader(ctx.Model, repositoryRoot).ReadAsync(ctx.CancellationToken);

            var compose = Path.Combine(output, "compose");
            var helm = Path.Combine(output, "helm", HelmChartWriter.ChartName);
            // Start clean: a file the model no longer produces must not linger in the output.
            foreach (var dir in new[] { compose, helm })
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }
            }
            new ComposeWriter(app, monitoring).Write(compose);
            new HelmChartWriter(app, monitoring).Write(helm);
            ctx.Logger.LogInformation("Wrote {Compose} and {Helm} ({Count} workloads)", compose, helm, app.Workloads.Count);
        }, requiredBy: WellKnownPipelineSteps.Publish);
    }
}
