namespace FinOps.Workers.Jobs;

/// <summary>Options of one run: <see cref="Since"/> asks a job to (re)process every day from that date.</summary>
public sealed record JobRunOptions(DateOnly? Since = null);

/// <summary>A job of ARCHITECTURE §4. Implementations are idempotent: running one twice changes nothing more.</summary>
public interface IFinOpsJob
{
    /// <summary>The stable name from <see cref="FinOps.Core.Jobs.JobCatalog"/>.</summary>
    string Name { get; }

    /// <summary>Runs the job and returns a one-line summary for logs and the CLI.</summary>
    Task<string> RunAsync(JobRunOptions options, CancellationToken ct);
}
