using FinOps.Core.Anomalies;
using FinOps.Core.Data;
using FinOps.Core.Forecasting;
using FinOps.Core.Ingestion;
using FinOps.Core.Jobs;
using FinOps.Core.Recommendations;
using Hangfire;
using Hangfire.Storage;

namespace FinOps.Workers.Jobs;

public static class JobsRegistration
{
    /// <summary>The jobs and their dispatcher; used by the server and the CLI verbs alike.</summary>
    public static IHostApplicationBuilder AddWorkerJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<JobDispatcher>();
        builder.Services.AddSingleton<IJobRunner>(sp => sp.GetRequiredService<JobDispatcher>());
        builder.AddIngestion();
        builder.Services.AddScoped<IFinOpsJob, PartitionMaintenanceJob>();
        builder.Services.AddScoped<IFinOpsJob, IngestionJob>();
        builder.Services.AddScoped<IFinOpsJob, DemoDataJob>();
        builder.AddForecasting().Services.AddScoped<IFinOpsJob, CostForecastingJob>();
        builder.AddRightsizing();
        builder.Services.AddScoped<IFinOpsJob, RightsizingJob>();
        builder.Services.AddScoped<IFinOpsJob, SavingsTrackerJob>();
        builder.Services.AddScoped<IFinOpsJob, CatalogUpdaterJob>();
        builder.AddAnomalies().Services.AddScoped<IFinOpsJob, AnomalyDetectionJob>();
        return builder;
    }

    public static IHostApplicationBuilder AddHangfireServerOnStorage(this IHostApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(DataRegistration.ConnectionName)!;
        builder.Services.AddHangfire((_, config) => config
            .UseFinOpsSerialization()
            .UseStorage(JobStorageFactory.Create(connectionString, prepareSchema: true)));
        builder.Services.AddHangfireServer(o =>
        {
            o.WorkerCount = builder.Configuration.GetValue("Workers:WorkerCount", 4);
            o.ServerName = $"{Environment.MachineName}:{Environment.ProcessId}";
        });
        return builder;
    }
}

/// <summary>Applies migrations before anything else in the Workers starts; the API waits for this.</summary>
internal sealed class MigrationOnStart(IServiceScopeFactory scopes) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}

/// <summary>Registers every job of the catalog as a recurring job and removes ones no longer known.</summary>
internal sealed class RecurringJobRegistrar(IRecurringJobManager recurring, JobStorage storage, ILogger<RecurringJobRegistrar> logger) : IHostedService
{
    public Task StartAsync(CancellationToken ct)
    {
        foreach (var job in JobCatalog.All)
        {
            recurring.AddOrUpdate<IJobRunner>(job.Name, d => d.RunRecurringAsync(job.Name, CancellationToken.None), job.Cron,
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
        using var connection = storage.GetConnection();
        foreach (var stale in connection.GetRecurringJobs().Where(r => JobCatalog.Find(r.Id) is null))
        {
            recurring.RemoveIfExists(stale.Id);
        }
        logger.LogInformation("Registered {Count} recurring jobs", JobCatalog.All.Count);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
