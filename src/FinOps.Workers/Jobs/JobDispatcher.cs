using System.Diagnostics;
using System.Diagnostics.Metrics;
using FinOps.Core;
using FinOps.Core.Jobs;
using Npgsql;

namespace FinOps.Workers.Jobs;

/// <summary>
/// Runs a job by name, for Hangfire and for the <c>run-job</c> verb alike. A PostgreSQL advisory
/// lock per job name keeps a job from running twice at once across every Workers process and CLI.
/// </summary>
public sealed class JobDispatcher(IServiceScopeFactory scopes, NpgsqlDataSource dataSource, ILogger<JobDispatcher> logger) : IJobRunner
{
    public static readonly ActivitySource ActivitySource = new("FinOps.Jobs");
    private static readonly Meter Meter = new("FinOps.Jobs");
    private static readonly Histogram<double> Duration = Meter.CreateHistogram<double>("finops.job.duration", "s", "Duration of job runs");
    private static readonly Counter<long> Failures = Meter.CreateCounter<long>("finops.job.failures", description: "Job runs that failed");
    private static readonly Counter<long> Runs = Meter.CreateCounter<long>("finops.job.runs", description: "Job runs started");

    /// <summary>
    /// Reports every known job's runs and failures at zero, so that a job's first failure is an
    /// increase that alert rules (<c>increase(finops_job_failures_total[1h]) > 0</c>) can see.
    /// Call it once telemetry listens (after the host started): measurements before that are lost.
    /// </summary>
    public static void InitializeMetrics()
    {
        foreach (var job in JobCatalog.All)
        {
            Runs.Add(0, JobTag(job.Name));
            Failures.Add(0, JobTag(job.Name));
        }
    }

    /// <summary>Not <c>job</c>: Prometheus keeps that label for the scrape target and would rename ours to <c>exported_job</c>.</summary>
    private static KeyValuePair<string, object?> JobTag(string name) => new("job_name", name);

    public Task<string> RunRecurringAsync(string name, CancellationToken ct) => RunAsync(name, new JobRunOptions(), ct);

    public async Task<string> RunAsync(string name, JobRunOptions options, CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var job = scope.ServiceProvider.GetServices<IFinOpsJob>().FirstOrDefault(j => j.Name == name)
            ?? throw new EntityNotFoundException("Job", name);

        await using var connection = await dataSource.OpenConnectionAsync(ct);
        if (!await TryLockAsync(connection, name, ct))
        {
            var skipped = $"{name}: another run is in progress; skipped";
            logger.LogInformation("{Summary}", skipped);
            return skipped;
        }

        using var activity = ActivitySource.StartActivity($"job {name}");
        activity?.SetTag("finops.job", name);
        var tag = JobTag(name);
        Runs.Add(1, tag);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var summary = await job.RunAsync(options, ct);
            logger.LogInformation("Job {Job} finished in {Elapsed:F1} s: {Summary}", name, Stopwatch.GetElapsedTime(started).TotalSeconds, summary);
            return summary;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Failures.Add(1, tag);
            activity?.SetStatus(ActivityStatusCode.Error, e.Message);
            logger.LogError(e, "Job {Job} failed", name);
            throw;
        }
        finally
        {
            Duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, tag);
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(hashtext($1))", connection);
            unlock.Parameters.AddWithValue("finops.job." + name);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, string name, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand("select pg_try_advisory_lock(hashtext($1))", connection);
        cmd.Parameters.AddWithValue("finops.job." + name);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }
}
