using FinOps.Core.Billing;
using FinOps.Core.Jobs;

namespace FinOps.Workers.Jobs;

/// <summary>Keeps this month's and the next months' billing partitions ready.</summary>
public sealed class PartitionMaintenanceJob(PartitionMaintenance maintenance) : IFinOpsJob
{
    public string Name => JobCatalog.PartitionMaintenance;

    public async Task<string> RunAsync(JobRunOptions options, CancellationToken ct)
    {
        var created = await maintenance.RunAsync(ct);
        return created.Count == 0 ? "all partitions already present" : $"created {string.Join(", ", created)}";
    }
}
