using FinOps.Api.Features.Jobs;
using FinOps.Api.Infrastructure;
using FinOps.Core.Data;
using FinOps.Core.Security;
using Microsoft.EntityFrameworkCore;

namespace FinOps.Api.Features.SystemStatus;

public static class SystemStatusEndpoints
{
    public static IEndpointRouteBuilder MapSystemStatusEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/v1/system/status", GetStatus)
            .WithTags("System").WithName("GetSystemStatus").WithSummary("Health of the API, the database and the job workers")
            .RequireAuthorization(Roles.Viewer);
        return app;
    }

    public sealed record ComponentStatus(string Name, string Status, string Detail);

    public sealed record SystemStatusResponse(DateTimeOffset CheckedAt, IReadOnlyList<ComponentStatus> Components);

    private static async Task<SystemStatusResponse> GetStatus(
        FinOpsDbContext db, SchemaReadiness schema, JobsClient jobs, TimeProvider time, CancellationToken ct)
    {
        var components = new List<ComponentStatus> { new("api", "healthy", "Serving requests") };
        components.Add(await DatabaseStatusAsync(db, schema, ct));
        components.Add(jobs.WorkersStatus(time.GetUtcNow()));
        return new SystemStatusResponse(time.GetUtcNow(), components);
    }

    private static async Task<ComponentStatus> DatabaseStatusAsync(FinOpsDbContext db, SchemaReadiness schema, CancellationToken ct)
    {
        try
        {
            var ingestions = await db.Ingestions.CountAsync(ct);
            var accounts = await db.Accounts.CountAsync(ct);
            return new ComponentStatus("database", schema.IsReady ? "healthy" : "degraded",
                schema.IsReady ? $"Schema up to date; {accounts} account(s), {ingestions} ingestion(s)" : "Waiting for migrations");
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or InvalidOperationException)
        {
            return new ComponentStatus("database", "unhealthy", "Cannot query the database");
        }
    }
}
