using FinOps.Core.Data;
using FinOps.Core.Jobs;
using Hangfire;
using Hangfire.Storage;

namespace FinOps.Api.Features.Jobs;

/// <summary>
/// Reads and triggers the Workers' recurring jobs through the shared Hangfire storage. The API
/// never prepares that schema: the Workers own it, and until they have run the jobs show no history.
/// </summary>
public sealed class JobsClient(JobStorage storage, ILogger<JobsClient> logger)
{
    private static readonly TimeSpan HeartbeatTimeout = TimeSpan.FromMinutes(2);

    public sealed record JobInfo(string Name, string Cron, string Description, DateTimeOffset? LastRunAt, string? LastStatus, DateTimeOffset? NextRunAt);

    public IReadOnlyList<JobInfo> List()
    {
        var recurring = TryRead(c => c.GetRecurringJobs()) ?? [];
        return JobCatalog.All.Select(def =>
        {
            var r = recurring.FirstOrDefault(x => x.Id == def.Name);
            return new JobInfo(def.Name, r?.Cron ?? def.Cron, def.Description,
                ToOffset(r?.LastExecution), r?.LastJobState, ToOffset(r?.NextExecution));
        }).ToList();
    }

    /// <summary>Queues one run of a registered job now; null when the Workers have not registered it yet.</summary>
    public string? Trigger(string name)
    {
        var registered = TryRead(c => c.GetRecurringJobs([name]))?.Any(r => r.Id == name) ?? false;
        if (!registered)
        {
            return null;
        }
        return new RecurringJobManager(storage).TriggerJob(name);
    }

    public SystemStatus.SystemStatusEndpoints.ComponentStatus WorkersStatus(DateTimeOffset now)
    {
        try
        {
            var servers = storage.GetMonitoringApi().Servers();
            var live = servers.Count(s => s.Heartbeat is { } hb && now - new DateTimeOffset(DateTime.SpecifyKind(hb, DateTimeKind.Utc)) < HeartbeatTimeout);
            return live > 0
                ? new("workers", "healthy", $"{live} worker server(s) alive")
                : new("workers", "unhealthy", "No worker server has sent a heartbeat in the last 2 minutes");
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            return new("workers", "unhealthy", "The job storage is not initialised yet (start the Workers)");
        }
    }

    private T? TryRead<T>(Func<IStorageConnection, T> read) where T : class
    {
        try
        {
            using var connection = storage.GetConnection();
            return read(connection);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            logger.LogDebug("Job storage not readable yet: {Reason}", e.Message);
            return null;
        }
    }

    private static DateTimeOffset? ToOffset(DateTime? utc) =>
        utc is { } d ? new DateTimeOffset(DateTime.SpecifyKind(d, DateTimeKind.Utc)) : null;
}

public static class JobsClientRegistration
{
    /// <summary>Hangfire storage without a server: the API only reads and enqueues.</summary>
    public static WebApplicationBuilder AddJobsClient(this WebApplicationBuilder builder)
    {
        var connectionString = builder.Configuration.GetConnectionString(DataRegistration.ConnectionName)!;
        GlobalConfiguration.Configuration.UseFinOpsSerialization();
        builder.Services.AddSingleton<JobStorage>(_ => JobStorageFactory.Create(connectionString, prepareSchema: false));
        builder.Services.AddSingleton<JobsClient>();
        return builder;
    }
}
