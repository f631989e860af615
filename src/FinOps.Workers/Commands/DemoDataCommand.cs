using FinOps.Core.Data;
using FinOps.Core.Ingestion.Demo;
using FinOps.Workers.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FinOps.Workers.Commands;

/// <summary>
/// <c>demo-data [--if-empty] [--seed N] [--analyse]</c>: loads the demo dataset. With <c>--if-empty</c>
/// it does nothing when billing data exists, so the AppHost can run it on every start; with
/// <c>--analyse</c> it then runs the catalog, rightsizing, forecasting and anomaly jobs.
/// </summary>
internal static class DemoDataCommand
{
    /// <summary>The analyses <c>--analyse</c> runs after loading, in dependency order.</summary>
    private static readonly string[] AnalysisJobs =
    [
        Core.Jobs.JobCatalog.CatalogUpdater, Core.Jobs.JobCatalog.Rightsizing, Core.Jobs.JobCatalog.CostForecasting, Core.Jobs.JobCatalog.AnomalyDetection,
    ];

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        if (args.Contains("--if-empty") && await services.GetRequiredService<FinOpsDbContext>().DailyCosts.AnyAsync(ct))
        {
            Console.WriteLine("Billing data already present: demo data not loaded.");
            return 0;
        }
        var seed = WorkerCommands.Option(args, "--seed") is { } s
            ? int.TryParse(s, out var parsed) ? parsed : throw new UsageException($"--seed takes a number, not '{s}'")
            : DemoDataGenerator.DefaultSeed;
        var job = services.GetServices<IFinOpsJob>().OfType<DemoDataJob>().Single();
        var (summary, succeeded) = await job.LoadAsync(seed, ct);
        Console.WriteLine(summary);
        if (succeeded && args.Contains("--analyse"))
        {
            // So every page has results on first start instead of waiting for the morning schedule.
            var dispatcher = services.GetRequiredService<JobDispatcher>();
            var today = DateOnly.FromDateTime(services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime);
            foreach (var name in AnalysisJobs)
            {
                // Anomalies are scored over the whole demo window, where the planted ones are.
                var options = name == Core.Jobs.JobCatalog.AnomalyDetection ? new JobRunOptions(today.AddDays(-DemoDataGenerator.Days)) : new JobRunOptions();
                Console.WriteLine(await dispatcher.RunAsync(name, options, ct));
            }
        }
        return succeeded ? 0 : 1;
    }
}
