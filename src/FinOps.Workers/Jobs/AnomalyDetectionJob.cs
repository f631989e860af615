using FinOps.Core.Anomalies;
using FinOps.Core.Jobs;

namespace FinOps.Workers.Jobs;

/// <summary>
/// Scores the latest days of every scope (or every day from <c>--since</c>) and sends due alerts. Also the way to score
/// after an ingestion: enqueue this job, or call <see cref="AnomalyDetectionService.ScoreAfterIngestionAsync"/> directly.
/// </summary>
public sealed class AnomalyDetectionJob(AnomalyDetectionService detection) : IFinOpsJob
{
    public string Name => JobCatalog.AnomalyDetection;

    public async Task<string> RunAsync(JobRunOptions options, CancellationToken ct) =>
        (await detection.RunAsync(options.Since, ct)).Summary;
}
