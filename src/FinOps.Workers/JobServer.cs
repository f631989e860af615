using FinOps.Core.Data;
using FinOps.Core.Observability;
using FinOps.Workers.Dashboard;
using FinOps.Workers.Jobs;
using Hangfire;

namespace FinOps.Workers;

/// <summary>The long-running Workers: migrate (the schema's one owner), register jobs, run Hangfire.</summary>
public static class JobServer
{
    public static async Task<int> RunAsync(string[] args)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.AddServiceDefaults();
        builder.AddFinOpsData();
        builder.AddWorkerJobs();
        // Hosted services start in order: the schema first, then the job definitions, then the server.
        builder.Services.AddHostedService<MigrationOnStart>();
        builder.Services.AddHostedService<CatalogSeedOnStart>();
        builder.Services.AddHostedService<RecurringJobRegistrar>();
        builder.AddHangfireServerOnStorage();
        builder.AddBusinessMetrics();
        builder.AddDashboardSignIn();

        var app = builder.Build();
        app.Lifetime.ApplicationStarted.Register(JobDispatcher.InitializeMetrics);
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapDefaultEndpoints();
        app.MapDashboardSignIn();
        app.MapHangfireDashboard(DashboardSignIn.DashboardPath, new DashboardOptions
        {
            DashboardTitle = "FinOps jobs",
            // The endpoint's own authorization (admin, cookie sign-in) guards it; Hangfire's default filter allows only localhost.
            Authorization = [],
            AsyncAuthorization = [],
        }).RequireAuthorization(DashboardSignIn.AdminPolicy);
        await app.RunAsync();
        return 0;
    }
}
