using System.Diagnostics;
using System.Text.Json;
using FinOps.Core.Auditing;
using FinOps.Core.Catalog;
using FinOps.Core.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace FinOps.Core.Recommendations;

/// <summary>
/// The daily rightsizing run: analyses every instance with metrics in the lookback and every volume and address
/// in the bills, then brings <c>recommendations</c> in line — one active recommendation per resource and type,
/// refreshed rather than duplicated, expired when the evidence is gone, not raised again soon after a dismissal.
/// </summary>
public sealed class RightsizingService(
    FinOpsDbContext db, RightsizingData data, CatalogStore catalog, AuditTrail audit, TimeProvider time,
    IOptions<RightsizingOptions> options, ILogger<RightsizingService> logger)
{
    public const string Actor = "job:rightsizing";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public sealed record RunResult(
        int Evaluated, int Rightsize, int Idle, int InsufficientData, int UnknownType, int NoChange,
        int StorageFindings, int Created, int Refreshed, int Expired, int Suppressed, decimal OpenMonthlySavings)
    {
        public string Summary =>
            $"{Evaluated} instance(s) evaluated: {Rightsize} to downsize, {Idle} idle, {NoChange} sized right, {InsufficientData} with insufficient data, "
            + $"{UnknownType} of unknown type; {StorageFindings} unattached volume(s) or idle address(es); recommendations {Created} new, {Refreshed} refreshed, "
            + $"{Expired} expired, {Suppressed} held back (dismissed or just changed); open savings {OpenMonthlySavings:0.00}/month";
    }

    /// <summary>Analyses one resource now without saving anything (the API's "why is there no recommendation?").</summary>
    public async Task<RightsizingAnalysis?> AnalyzeOneAsync(string resourceId, CancellationToken ct)
    {
        var (from, to) = Window(options.Value.LookbackDays);
        var engine = new RightsizingEngine(options.Value);
        await foreach (var usage in data.UtilizationAsync(from, to, resourceId, ct))
        {
            var billing = await data.BillingAsync(from, to, ct);
            var index = new CatalogIndex(await catalog.PricedAsync(usage.Provider, ct));
            return engine.Analyze(usage, billing.GetValueOrDefault(usage.ResourceId), index, from, to);
        }
        return null;
    }

    public async Task<RunResult> RunAsync(CancellationToken ct)
    {
        using var activity = RecommendationsTelemetry.ActivitySource.StartActivity("rightsizing run");
        var started = Stopwatch.GetTimestamp();
        var o = options.Value;
        await catalog.EnsureSeededAsync(ct);
        var (from, to) = Window(o.LookbackDays);
        var engine = new RightsizingEngine(o);
        var billing = await data.BillingAsync(from, to, ct);
        var indexes = new Dictionary<string, CatalogIndex>();
        var analyses = new List<RightsizingAnalysis>();
        await foreach (var usage in data.UtilizationAsync(from, to, null, ct))
        {
            if (!indexes.TryGetValue(usage.Provider, out var index))
            {
                indexes[usage.Provider] = index = new CatalogIndex(await catalog.PricedAsync(usage.Provider, ct));
            }
            analyses.Add(engine.Analyze(usage, billing.GetValueOrDefault(usage.ResourceId), index, from, to));
        }

        var (storageFrom, storageTo) = Window(o.StorageLookbackDays);
        var (assets, compute, lastDay, coverage) = await data.StorageAsync(storageFrom, storageTo, ct);
        var storage = lastDay is { } last ? new StorageIdleDetector(o).Detect(assets, compute, last, coverage) : [];

        var findings = analyses.Where(a => a.RecommendationType is not null).Select(a => new Finding(
                a.ResourceId, a.RecommendationType!, a.Provider, billing.GetValueOrDefault(a.ResourceId)?.SubAccountId, a.Region, a.CurrentType, a.ProposedType,
                a.EstimatedMonthlySavings, a.Currency, JsonSerializer.Serialize(a.Evidence, Json),
                JsonSerializer.Serialize(new { type = a.CurrentType, vcpu = a.Evidence.Current?.Vcpu, memoryGib = a.Evidence.Current?.MemoryGib, hourly = a.Evidence.Current?.HourlyPrice }, Json),
                JsonSerializer.Serialize(a.Outcome == AnalysisOutcome.IdleStop
                    ? new { action = "stop", type = (string?)null, vcpu = (decimal?)null, memoryGib = (decimal?)null, hourly = (decimal?)null }
                    : new { action = "resize", type = a.ProposedType, vcpu = a.Evidence.Proposed?.Vcpu, memoryGib = a.Evidence.Proposed?.MemoryGib, hourly = a.Evidence.Proposed?.HourlyPrice }, Json)))
            .Concat(storage.Select(s => new Finding(
                s.Asset.ResourceId, s.Type, s.Asset.Provider is null ? null : CloudProviders.Normalize(s.Asset.Provider), s.Asset.SubAccountId, s.Asset.Region,
                s.Asset.Kind, null, s.EstimatedMonthlySavings, s.Asset.Currency, JsonSerializer.Serialize(s.Evidence, Json),
                JsonSerializer.Serialize(new { kind = s.Asset.Kind, usageType = s.Asset.UsageType, name = s.Asset.ResourceName }, Json),
                JsonSerializer.Serialize(new { action = "delete" }, Json))))
            .ToList();

        var evaluated = analyses.ToDictionary(a => a.ResourceId, StringComparer.Ordinal);
        var storageEvaluated = assets.Select(a => a.ResourceId).ToHashSet(StringComparer.Ordinal);
        var counts = await ReconcileAsync(findings, evaluated, storageEvaluated, lastDay is not null, o, ct);

        var open = await db.Recommendations.Where(r => r.Status == RecommendationStatus.Open).SumAsync(r => (decimal?)r.EstimatedMonthlySavings, ct) ?? 0;
        var result = new RunResult(
            analyses.Count,
            analyses.Count(a => a.Outcome == AnalysisOutcome.Rightsize),
            analyses.Count(a => a.Outcome == AnalysisOutcome.IdleStop),
            analyses.Count(a => a.Outcome == AnalysisOutcome.InsufficientData),
            analyses.Count(a => a.Outcome == AnalysisOutcome.UnknownType),
            analyses.Count(a => a.Outcome == AnalysisOutcome.NoChange),
            storage.Count, counts.Created, counts.Refreshed, counts.Expired, counts.Suppressed, open);
        RecommendationsTelemetry.ResourcesEvaluated.Add(analyses.Count);
        RecommendationsTelemetry.RunDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds);
        logger.LogInformation("Rightsizing: {Summary}", result.Summary);
        return result;
    }

    private (DateTimeOffset From, DateTimeOffset To) Window(int days)
    {
        var now = time.GetUtcNow();
        var to = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        return (to.AddDays(-days), to);
    }

    private sealed record Finding(
        string ResourceId, string Type, string? Provider, string? SubAccountId, string? Region, string? CurrentType, string? ProposedType,
        decimal Savings, string Currency, string Evidence, string CurrentConfig, string ProposedConfig);

    private async Task<(int Created, int Refreshed, int Expired, int Suppressed)> ReconcileAsync(
        List<Finding> findings, Dictionary<string, RightsizingAnalysis> evaluated, HashSet<string> storageEvaluated, bool haveBills,
        RightsizingOptions o, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var quietSince = now.AddDays(-o.DismissalQuietDays);
        var changedSince = now.AddDays(-o.LookbackDays);
        var existing = await db.Recommendations
            .Where(r => r.Status == RecommendationStatus.Open || r.Status == RecommendationStatus.Accepted
                        || r.Status == RecommendationStatus.Dismissed && r.DismissedAt >= quietSince
                        || (r.Status == RecommendationStatus.Applied || r.Status == RecommendationStatus.Validated) && r.AppliedAt >= changedSince)
            .ToListAsync(ct);
        var byResource = existing.ToLookup(r => r.ResourceId, StringComparer.Ordinal);
        int created = 0, refreshed = 0, expired = 0, suppressed = 0;
        var found = new HashSet<(string, string)>();

        foreach (var f in findings)
        {
            found.Add((f.ResourceId, f.Type));
            var mine = byResource[f.ResourceId].ToList();
            var active = mine.FirstOrDefault(r => r.Type == f.Type && r.Status is RecommendationStatus.Open or RecommendationStatus.Accepted);
            if (active is not null)
            {
                if (active.Status == RecommendationStatus.Open || active.ProposedType == f.ProposedType)
                {
                    var changed = active.ProposedType != f.ProposedType || Math.Abs(active.EstimatedMonthlySavings - f.Savings) >= 0.01m;
                    active.ProposedType = f.ProposedType;
                    active.CurrentType = f.CurrentType;
                    active.EstimatedMonthlySavings = f.Savings;
                    active.Currency = f.Currency;
                    active.Evidence = f.Evidence;
                    active.CurrentConfig = f.CurrentConfig;
                    active.ProposedConfig = f.ProposedConfig;
                    active.SubAccountId ??= f.SubAccountId;
                    active.UpdatedAt = now;
                    if (changed)
                    {
                        audit.Record(Actor, "recommendation.refresh", "recommendation", active.Id.ToString(),
                            new { active.ResourceId, active.Type, active.ProposedType, active.EstimatedMonthlySavings });
                    }
                    refreshed++;
                }
                continue;
            }
            if (mine.Any(r => r.Type == f.Type && r.Status == RecommendationStatus.Dismissed)
                || RecommendationTypes.IsCompute(f.Type) && mine.Any(r => r.Status is RecommendationStatus.Applied or RecommendationStatus.Validated))
            {
                suppressed++;
                continue;
            }
            var rec = new Recommendation
            {
                Id = Guid.CreateVersion7(now),
                Type = f.Type,
                ResourceId = f.ResourceId,
                ProviderName = f.Provider,
                SubAccountId = f.SubAccountId,
                RegionId = f.Region,
                CurrentType = f.CurrentType,
                ProposedType = f.ProposedType,
                CurrentConfig = f.CurrentConfig,
                ProposedConfig = f.ProposedConfig,
                EstimatedMonthlySavings = f.Savings,
                Currency = f.Currency,
                Evidence = f.Evidence,
                Status = RecommendationStatus.Open,
                CreatedAt = now,
                UpdatedAt = now,
            };
            db.Recommendations.Add(rec);
            audit.Record(Actor, "recommendation.create", "recommendation", rec.Id.ToString(),
                new { rec.ResourceId, rec.Type, rec.CurrentType, rec.ProposedType, rec.EstimatedMonthlySavings });
            created++;
            // One compute recommendation per instance: an idle verdict replaces an open resize and vice versa.
            foreach (var other in mine.Where(r => r.Status == RecommendationStatus.Open && r.Type != f.Type
                                                  && RecommendationTypes.IsCompute(r.Type) && RecommendationTypes.IsCompute(f.Type)))
            {
                Expire(other, $"superseded by {f.Type}", now);
                found.Add((other.ResourceId, other.Type));
                expired++;
            }
        }

        foreach (var rec in existing.Where(r => r.Status == RecommendationStatus.Open && !found.Contains((r.ResourceId, r.Type))))
        {
            if (RecommendationTypes.IsCompute(rec.Type))
            {
                var reason = evaluated.TryGetValue(rec.ResourceId, out var a)
                    ? $"no longer supported by the latest {o.LookbackDays} days: {a.Reason}"
                    : $"no utilization metrics in the last {o.LookbackDays} days";
                Expire(rec, reason, now);
                expired++;
            }
            else if (haveBills)
            {
                Expire(rec, storageEvaluated.Contains(rec.ResourceId)
                    ? "the bills no longer show it unattached or idle"
                    : $"no longer in the bills of the last {o.StorageLookbackDays} days", now);
                expired++;
            }
        }
        await db.SaveChangesAsync(ct);
        return (created, refreshed, expired, suppressed);
    }

    private void Expire(Recommendation rec, string reason, DateTimeOffset now)
    {
        rec.Status = RecommendationStatus.Expired;
        rec.StatusReason = reason.Length > 1000 ? reason[..1000] : reason;
        rec.ExpiresAt = now;
        rec.UpdatedAt = now;
        audit.Record(Actor, "recommendation.expire", "recommendation", rec.Id.ToString(), new { rec.ResourceId, rec.Type, reason = rec.StatusReason });
    }
}
