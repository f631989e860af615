using FinOps.Core.Ingestion;
using FinOps.Core.Jobs;

namespace FinOps.Workers.Jobs;

/// <summary>Ingests new files from the watched folders (<c>Ingestion:Folders</c>); files already ingested are skipped by hash.</summary>
public sealed class IngestionJob(FolderSource folders) : IFinOpsJob
{
    public string Name => JobCatalog.Ingestion;

    public async Task<string> RunAsync(JobRunOptions options, CancellationToken ct)
    {
        var outcomes = await folders.ScanAsync(ct);
        if (outcomes.Count == 0)
        {
            return "no new files";
        }
        var failed = outcomes.Where(o => !o.Succeeded).ToList();
        var summary = $"{outcomes.Count} file(s): {outcomes.Count - failed.Count} ingested ({outcomes.Sum(o => o.RowsLoaded):N0} rows), {failed.Count} rejected";
        return failed.Count == 0 ? summary : summary + ": " + string.Join("; ", failed.Select(f => f.Message));
    }
}
