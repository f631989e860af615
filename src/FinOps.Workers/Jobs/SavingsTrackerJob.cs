using FinOps.Core.Jobs;
using FinOps.Core.Savings;

namespace FinOps.Workers.Jobs;

/// <summary>Daily: measures realized savings of applied recommendations from the bills and validates them.</summary>
public sealed class SavingsTrackerJob(SavingsTracker tracker) : IFinOpsJob
{
    public string Name => JobCatalog.SavingsTracker;

    public async Task<string> RunAsync(JobRunOptions options, CancellationToken ct) => (await tracker.RunAsync(ct)).Summary;
}
