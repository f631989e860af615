using System.ComponentModel.DataAnnotations;
using FinOps.Core.Catalog;
using FinOps.Core.Data;
using FinOps.Core.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace FinOps.Api.Features.Catalog;

public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/v1/catalog").WithTags("Catalog").RequireAuthorization(Roles.Viewer);
        group.MapGet("/instances", List).WithName("ListInstanceTypes").WithSummary("Instance types with shapes and on-demand prices, filtered and paged");
        group.MapGet("/summary", Summary).WithName("GetCatalogSummary").WithSummary("Types per provider, regions, and where the data comes from");
        return app;
    }

    public sealed record InstanceQuery(
        string? Provider, string? Region, string? Family,
        [property: Range(0, 100_000)] decimal? MinVcpu, [property: Range(0, 100_000)] decimal? MaxVcpu,
        [property: Range(0, 100_000_000)] decimal? MinMemoryGib, [property: Range(0, 100_000_000)] decimal? MaxMemoryGib,
        string? Arch, string? Os, string? Search, string? Sort,
        [property: Range(1, 100_000)] int? Page, [property: Range(1, 500)] int? PageSize);

    public sealed record InstanceTypeResponse(
        string Provider, string InstanceType, string? Family, string? Generation, decimal Vcpu, decimal MemoryGib, int GpuCount,
        string? Architecture, string Region, string OperatingSystem, decimal? OnDemandHourly, decimal? OnDemandMonthly, string Currency,
        string Source, DateOnly EffectiveDate);

    public sealed record InstancePage(List<InstanceTypeResponse> Items, int Total, int Page, int PageSize);

    public sealed record CatalogSummary(List<CatalogStore.ProviderCount> Providers, Dictionary<string, List<string>> Regions, string Notice);

    private static async Task<Ok<InstancePage>> List([AsParameters] InstanceQuery q, FinOpsDbContext db, CancellationToken ct)
    {
        var query = db.InstanceCatalog.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q.Provider))
        {
            var provider = CloudProviders.Normalize(q.Provider);
            query = query.Where(x => x.Provider == provider);
        }
        if (!string.IsNullOrWhiteSpace(q.Region))
        {
            query = query.Where(x => x.Region == q.Region.Trim());
        }
        if (!string.IsNullOrWhiteSpace(q.Family))
        {
            var family = q.Family.Trim();
            query = query.Where(x => x.Family == family);
        }
        if (q.MinVcpu is { } minV)
        {
            query = query.Where(x => x.Vcpu >= minV);
        }
        if (q.MaxVcpu is { } maxV)
        {
            query = query.Where(x => x.Vcpu <= maxV);
        }
        if (q.MinMemoryGib is { } minM)
        {
            query = query.Where(x => x.MemoryGib >= minM);
        }
        if (q.MaxMemoryGib is { } maxM)
        {
            query = query.Where(x => x.MemoryGib <= maxM);
        }
        if (!string.IsNullOrWhiteSpace(q.Arch))
        {
            var arch = q.Arch.Trim().ToLowerInvariant() is "amd64" or "x86" ? "x86_64" : q.Arch.Trim().ToLowerInvariant() is "arm" or "aarch64" ? "arm64" : q.Arch.Trim().ToLowerInvariant();
            query = query.Where(x => x.Architecture == arch);
        }
        if (!string.IsNullOrWhiteSpace(q.Os))
        {
            query = query.Where(x => x.OperatingSystem == q.Os.Trim());
        }
        if (!string.IsNullOrWhiteSpace(q.Search))
        {
            var pattern = "%" + q.Search.Trim().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
            query = query.Where(x => EF.Functions.ILike(x.Name, pattern));
        }
        query = (q.Sort ?? "price") switch
        {
            "price" => query.OrderBy(x => x.OnDemandHourly).ThenBy(x => x.Name).ThenBy(x => x.Region),
            "-price" => query.OrderByDescending(x => x.OnDemandHourly).ThenBy(x => x.Name).ThenBy(x => x.Region),
            "vcpu" => query.OrderBy(x => x.Vcpu).ThenBy(x => x.MemoryGib).ThenBy(x => x.Name).ThenBy(x => x.Region),
            "memory" => query.OrderBy(x => x.MemoryGib).ThenBy(x => x.Vcpu).ThenBy(x => x.Name).ThenBy(x => x.Region),
            "name" => query.OrderBy(x => x.Provider).ThenBy(x => x.Name).ThenBy(x => x.Region),
            var other => throw new FinOps.Core.DomainValidationException("sort", $"Unknown sort '{other}': use price, -price, vcpu, memory or name."),
        };
        var page = q.Page ?? 1;
        var size = q.PageSize ?? 50;
        var total = await query.CountAsync(ct);
        var rows = await query.Skip((page - 1) * size).Take(size).ToListAsync(ct);
        return TypedResults.Ok(new InstancePage(rows.Select(r => new InstanceTypeResponse(
            r.Provider, r.Name, r.Family, r.Generation, r.Vcpu, r.MemoryGib, r.GpuCount, r.Architecture, r.Region, r.OperatingSystem,
            r.OnDemandHourly, r.OnDemandHourly is { } h ? Math.Round(h * 730m, 2) : null, r.Currency, r.Source, r.EffectiveDate)).ToList(), total, page, size));
    }

    private static async Task<Ok<CatalogSummary>> Summary(CatalogStore store, FinOpsDbContext db, CancellationToken ct)
    {
        var counts = await store.CountsAsync(ct);
        var regions = (await db.InstanceCatalog.AsNoTracking().Select(x => new { x.Provider, x.Region }).Distinct().ToListAsync(ct))
            .GroupBy(x => x.Provider).ToDictionary(g => g.Key, g => g.Select(x => x.Region).Order(StringComparer.Ordinal).ToList());
        return TypedResults.Ok(new CatalogSummary(counts, regions, CatalogSnapshot.Notice));
    }
}
