using FinOps.Core.Jobs;
using FinOps.Core.Recommendations;

namespace FinOps.Workers.Jobs;

/// <summary>Daily rightsizing and idle detection; refreshes, creates and expires recommendations.</summary>
public sealed class RightsizingJob(RightsizingService service) : IFinOpsJob
{
    public string Name => JobCatalog.Rightsizing;

    public async Task<string> RunAsync(JobRunOptions options, CancellationToken ct) => (await service.RunAsync(ct)).Summary;
}
