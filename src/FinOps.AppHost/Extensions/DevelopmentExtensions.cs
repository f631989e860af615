using Aspire.Hosting.ApplicationModel;

namespace FinOps.AppHost.Extensions;

internal static class DevelopmentExtensions
{
    /// <summary>
    /// Loads the demo dataset once the schema exists (the Workers' <c>demo-data</c> verb, which does
    /// nothing when billing data is already there), so every page has something real on first start.
    /// Off with <c>FinOps:LoadDemoData=false</c>.
    /// </summary>
    public static void AddDemoData(this IDistributedApplicationBuilder builder,
        IResourceBuilder<IResourceWithConnectionString> database, IResourceBuilder<ProjectResource> migrations)
    {
        if (builder.ExecutionContext.IsPublishMode || !builder.Configuration.GetValue("FinOps:LoadDemoData", true))
        {
            return;
        }
        builder.AddProject<Projects.FinOps_Workers>("demo-data")
            .WithArgs("demo-data", "--if-empty")
            .WithReference(database, ResourceNames.Database).WaitForCompletion(migrations);
    }

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
