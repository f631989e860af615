using Hangfire;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FinOps.Core.Observability;

/// <summary>
/// Recomputes the business and job-queue figures at start and then every
/// <see cref="BusinessMetricsOptions.RefreshInterval"/>. A failed refresh keeps the previous figures
/// (their age shows in <c>finops_business_snapshot_age_seconds</c>) and is retried next time.
/// </summary>
public sealed class BusinessMetricsRefresher(
    BusinessQueries queries,
    BusinessMetrics business,
    JobQueueMetrics jobQueue,
    IServiceProvider services,
    TimeProvider time,
    IOptions<BusinessMetricsOptions> options,
    ILogger<BusinessMetricsRefresher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RefreshInterval, time);
        do
        {
            await RefreshAsync(stoppingToken);
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    /// <summary>One refresh of both snapshots; public so a test or a command can force one.</summary>
    public async Task RefreshAsync(CancellationToken ct)
    {
        try
        {
            business.Publish(await queries.ReadAsync(time.GetUtcNow(), ct));
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            logger.LogWarning(e, "Business metrics were not refreshed; the previous figures are kept");
        }

        // Hangfire's storage exists in the Workers only; elsewhere the job-queue gauges stay empty.
        if (services.GetService<JobStorage>() is { } storage)
        {
            try
            {
                jobQueue.Publish(JobQueueMetrics.Read(storage, time.GetUtcNow()));
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException or InvalidOperationException)
            {
                logger.LogWarning(e, "Job queue metrics were not refreshed; the previous figures are kept");
            }
        }
    }
}

/// <summary>Configuration section <c>Observability:BusinessMetrics</c>.</summary>
public sealed class BusinessMetricsOptions
{
    public const string Section = "Observability:BusinessMetrics";

    /// <summary>How often the figures are recomputed; a scrape in between reads the last ones.</summary>
    [System.ComponentModel.DataAnnotations.Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);
}
