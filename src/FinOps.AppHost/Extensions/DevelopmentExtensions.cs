using Aspire.Hosting.ApplicationModel;

namespace FinOps.AppHost.Extensions;

internal static class DevelopmentExtensions
{
    /// <summary>
    /// Loads the demo dataset once the schema exists (the Workers' <c>demo-data</c> verb, which does
    /// nothing when billing data is already there), so every page has something real on first start.
    /// Off with <c>FinOps:LoadDemoData=false</c>.
    /// </summary>
    public static void AddDemoData(this IDistributedApplicationBuilder builder, ServiceSecrets secrets, IResourceBuilder<ProjectResource> migrations)
    {
        if (builder.ExecutionContext.IsPublishMode || !builder.Configuration.GetValue("FinOps:LoadDemoData", true))
        {
            return;
        }
        secrets.ApplyTo(builder.AddProject<Projects.FinOps_Workers>("demo-data").WithArgs("demo-data", "--if-empty", "--analyse"))
            .WaitForCompletion(migrations);
    }

    /// <summary>
    /// Operator buttons on the API resource in the dashboard: run any job now, through the API's own
    /// trigger endpoint, authenticated with the bootstrap admin key.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithJobCommands(this IResourceBuilder<ProjectResource> api, IResourceBuilder<ParameterResource> adminKey)
    {
        foreach (var (job, label) in DashboardJobs)
        {
            api.WithHttpCommand($"/api/v1/jobs/{job}/trigger", label, commandName: $"run-{job}", commandOptions: new HttpCommandOptions
            {
                Description = $"Queue the '{job}' job now",
                IconName = "Play",
                PrepareRequest = async ctx =>
                {
                    ctx.Request.Headers.Authorization = new("Bearer", await adminKey.Resource.GetValueAsync(ctx.CancellationToken));
                },
            });
        }
        return api;
    }

    /// <summary>Jobs worth a button; names as in the Workers' job catalog.</summary>
    private static readonly (string Job, string Label)[] DashboardJobs =
    [
        ("partition-maintenance", "Run partition maintenance"),
        ("ingestion", "Ingest watched folders now"),
        ("demo-data", "Load demo data"),
    ];

    /// <summary>
    /// Vite's dev server with hot reload next to the built UI, in run mode only, when the SPA's
    /// packages are installed (the Frontend build installs them). Off with <c>FinOps:ViteDevServer=false</c>.
    /// </summary>
    public static void AddViteDevServer(this IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> api)
    {
        var clientApp = Path.GetFullPath(Path.Combine(builder.AppHostDirectory, "..", "FinOps.Frontend", "ClientApp"));
        if (builder.ExecutionContext.IsPublishMode || !builder.Configuration.GetValue("FinOps:ViteDevServer", true)
            || !Directory.Exists(Path.Combine(clientApp, "node_modules")))
        {
            return;
        }
        builder.AddExecutable(ResourceNames.FrontendDev, "npm", clientApp, "run", "dev")
            .WithHttpEndpoint(env: "PORT")
            .WithReference(api.GetEndpoint("http"))
            .WaitFor(api)
            .WithUrlForEndpoint("http", u => u.DisplayText = "UI (Vite dev server)")
            .ExcludeFromManifest();
    }
}
