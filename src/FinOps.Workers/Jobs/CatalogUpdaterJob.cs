using FinOps.Core.Catalog;
using FinOps.Core.Jobs;

namespace FinOps.Workers.Jobs;

/// <summary>Weekly: seeds the instance catalog from the shipped snapshot when empty, then loads configured price lists.</summary>
public sealed class CatalogUpdaterJob(CatalogUpdater updater) : IFinOpsJob
{
    public string Name => JobCatalog.CatalogUpdater;

    public async Task<string> RunAsync(JobRunOptions options, CancellationToken ct) => (await updater.RunAsync(ct)).Summary;
}

/// <summary>Loads the shipped catalog snapshot on first start (after migrations), so rightsizing and the Catalog page work offline from the start.</summary>
internal sealed class CatalogSeedOnStart(IServiceScopeFactory scopes, ILogger<CatalogSeedOnStart> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var rows = await scope.ServiceProvider.GetRequiredService<CatalogStore>().EnsureSeededAsync(ct);
        if (rows > 0)
        {
            logger.LogInformation("Instance catalog seeded from the shipped snapshot: {Rows} prices", rows);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
