using System.Diagnostics.Metrics;
using Hangfire;

namespace FinOps.Core.Observability;

/// <summary>
/// Hangfire's queue as metrics (meter <c>FinOps.JobQueue</c>): jobs waiting per queue, processing,
/// scheduled, failed, succeeded, and live servers. Read from the shared storage by
/// <see cref="BusinessMetricsRefresher"/>, so like the business gauges they are storage-wide.
/// </summary>
public sealed class JobQueueMetrics
{
    public const string MeterName = "FinOps.JobQueue";

    private volatile JobQueueSnapshot snapshot = JobQueueSnapshot.Empty;

    public JobQueueMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge("finops.job_queue.enqueued", () => Snapshot.Queues.Select(q =>
                new Measurement<long>(q.Length, new KeyValuePair<string, object?>("queue", q.Name))),
            unit: "{job}", description: "Jobs waiting in each Hangfire queue.");
        Gauge(meter, "finops.job_queue.processing", s => s.Processing, "Jobs being processed now.");
        Gauge(meter, "finops.job_queue.scheduled", s => s.Scheduled, "Jobs scheduled for later, retries included.");
        Gauge(meter, "finops.job_queue.failed", s => s.Failed, "Jobs in the failed state (retries exhausted), until deleted or re-queued.");
        Gauge(meter, "finops.job_queue.servers", s => s.Servers, "Hangfire servers with a recent heartbeat.", "{server}");
        meter.CreateObservableCounter("finops.job_queue.succeeded", () => Snapshot.TakenAt is null
                ? Array.Empty<Measurement<long>>()
                : [new Measurement<long>(Snapshot.Succeeded)],
            unit: "{job}", description: "Jobs that succeeded, as kept by Hangfire's statistics.");
    }

    public JobQueueSnapshot Snapshot => snapshot;

    public void Publish(JobQueueSnapshot next) => snapshot = next;

    /// <summary>Reads the storage's statistics (a handful of count queries).</summary>
    public static JobQueueSnapshot Read(JobStorage storage, DateTimeOffset now)
    {
        var monitoring = storage.GetMonitoringApi();
        var stats = monitoring.GetStatistics();
        // Hangfire lists only queues that hold jobs; the default one is reported at zero too, so the series exists.
        var queues = monitoring.Queues().Select(q => new QueueLength(q.Name, q.Length))
            .Append(new QueueLength(Hangfire.States.EnqueuedState.DefaultQueue, 0))
            .DistinctBy(q => q.Name)
            .OrderBy(q => q.Name, StringComparer.Ordinal).ToList();
        return new JobQueueSnapshot(now, queues, stats.Processing, stats.Scheduled, stats.Failed, stats.Succeeded, stats.Servers);
    }

    private void Gauge(Meter meter, string name, Func<JobQueueSnapshot, long> value, string description, string unit = "{job}") =>
        meter.CreateObservableGauge(name, () => Snapshot.TakenAt is null
                ? Array.Empty<Measurement<long>>()
                : [new Measurement<long>(value(Snapshot))],
            unit, description);
}

public sealed record JobQueueSnapshot(
    DateTimeOffset? TakenAt, IReadOnlyList<QueueLength> Queues, long Processing, long Scheduled, long Failed, long Succeeded, long Servers)
{
    public static readonly JobQueueSnapshot Empty = new(null, [], 0, 0, 0, 0, 0);
}

public sealed record QueueLength(string Name, long Length);
