using FinOps.Core.Data;
using FinOps.Core.Ingestion.Demo;
using FinOps.Workers.Jobs;
using Microsoft.EntityFrameworkCore;

namespace FinOps.Workers.Commands;

/// <summary>
/// <c>demo-data [--if-empty] [--seed N]</c>: loads the demo dataset. With <c>--if-empty</c> it does
/// nothing when billing data exists, so the AppHost can run it on every start.
/// </summary>
internal static class DemoDataCommand
{
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
        return succeeded ? 0 : 1;
    }
}
