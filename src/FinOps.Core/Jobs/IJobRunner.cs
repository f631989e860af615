using Hangfire;

namespace FinOps.Core.Jobs;

/// <summary>
/// What Hangfire stores for every recurring job. It lives in Core, not the Workers, so that the API
/// (which triggers jobs but cannot load the Workers assembly) can deserialize the stored invocation.
/// </summary>
public interface IJobRunner
{
    /// <summary>Runs the named job of <see cref="JobCatalog"/>; retried with backoff on failure.</summary>
    [AutomaticRetry(Attempts = 3, OnAttemptsExceeded = AttemptsExceededAction.Fail)]
    [JobDisplayName("{0}")]
    Task<string> RunRecurringAsync(string name, CancellationToken ct);
}
