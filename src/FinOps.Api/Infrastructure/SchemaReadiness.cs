using FinOps.Core.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace FinOps.Api.Infrastructure;

/// <summary>
/// The API never migrates: the Workers own the schema. This waits, polling, until every migration
/// the code knows is applied, and reports it through the <c>schema</c> health check meanwhile.
/// </summary>
internal sealed class SchemaReadiness(IServiceScopeFactory scopes, ILogger<SchemaReadiness> logger) : BackgroundService
{
    private volatile bool ready;

    public bool IsReady => ready;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await WaitForSchemaAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shut down before the schema arrived: nothing to report.
        }
    }

    private async Task WaitForSchemaAsync(CancellationToken stoppingToken)
    {
        var delay = TimeSpan.FromMilliseconds(250);
        while (!stoppingToken.IsCancellationRequested)
        {
            await using (var scope = scopes.CreateAsyncScope())
            {
                var migrator = scope.ServiceProvider.GetRequiredService<DatabaseMigrator>();
                if (await migrator.IsUpToDateAsync(stoppingToken))
                {
                    ready = true;
                    logger.LogInformation("Database schema is ready");
                    return;
                }
            }
            logger.LogInformation("Waiting for the Workers to migrate the database");
            await Task.Delay(delay, stoppingToken);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 5000));
        }
    }
}

internal sealed class SchemaReadinessHealthCheck(SchemaReadiness readiness) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct) =>
        Task.FromResult(readiness.IsReady
            ? HealthCheckResult.Healthy("Schema is up to date")
            : HealthCheckResult.Unhealthy("Waiting for migrations (run the Workers' migrate verb)"));
}
