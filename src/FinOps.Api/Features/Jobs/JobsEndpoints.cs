using System.Security.Claims;
using FinOps.Api.Infrastructure;
using FinOps.Core;
using FinOps.Core.Auditing;
using FinOps.Core.Data;
using FinOps.Core.Jobs;
using FinOps.Core.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace FinOps.Api.Features.Jobs;

public static class JobsEndpoints
{
    public static IEndpointRouteBuilder MapJobsEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/jobs").WithTags("Jobs").RequireAuthorization(Roles.Viewer);
        group.MapGet("/", (JobsClient jobs) => jobs.List())
            .WithName("ListJobs").WithSummary("The recurring jobs, their schedules and last runs");
        group.MapPost("/{name}/trigger", Trigger)
            .WithName("TriggerJob").WithSummary("Run a job now")
            .RequireAuthorization(Roles.Operator);
        return app;
    }

    public sealed record TriggerResponse(string Name, string JobId);

    private static async Task<Accepted<TriggerResponse>> Trigger(
        string name, JobsClient jobs, FinOpsDbContext db, AuditTrail audit, ClaimsPrincipal user, CancellationToken ct)
    {
        var definition = JobCatalog.Find(name) ?? throw new EntityNotFoundException("Job", name);
        var jobId = jobs.Trigger(definition.Name)
            ?? throw new ConflictException($"Job '{definition.Name}' is not registered yet: start the Workers first.");
        audit.Record(user.Actor(), "job.trigger", "job", definition.Name, new { jobId });
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/api/v1/jobs", new TriggerResponse(definition.Name, jobId));
    }
}
