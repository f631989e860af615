namespace FinOps.Core.Recommendations;

/// <summary>A volume or address as the bills show it over the storage lookback.</summary>
public sealed record BilledAsset(
    string ResourceId,
    string Kind,
    string? Provider,
    string? SubAccountId,
    string? Region,
    string? Zone,
    string? ResourceName,
    IReadOnlyCollection<string> LinkTokens,
    IReadOnlySet<DateOnly> Days,
    decimal EffectiveCost,
    string Currency,
    string? UsageType);

/// <summary>Where compute ran, per day, as the bills show it.</summary>
public sealed record ComputeActivity(
    IReadOnlySet<(string? SubAccount, string? Scope, DateOnly Day)> ScopeDays,
    IReadOnlyDictionary<string, IReadOnlySet<DateOnly>> InstanceDays);

public sealed record StorageFinding(BilledAsset Asset, string Type, decimal EstimatedMonthlySavings, string Why, object Evidence);

/// <summary>
/// Finds unattached volumes and idle addresses from billing lines alone. An address is idle when its provider
/// bills it as such (<c>ElasticIP:IdleAddress</c>, <c>PublicIPv4:IdleAddress</c>, GCP's <c>Static Ip Charge</c>).
/// A volume is unattached when, on every day it was billed, no instance ran in its account and zone (region when
/// the zone is unknown) — a volume attaches only within its zone — or when the instance it is linked to (by tag
/// value, name or Azure's <c>vm_OsDisk</c> naming) did not run on any of those days.
/// </summary>
public sealed class StorageIdleDetector(RightsizingOptions options)
{
    public const string Volume = "volume";
    public const string Address = "address";

    public List<StorageFinding> Detect(IEnumerable<BilledAsset> assets, ComputeActivity compute, DateOnly lastBilledDay, decimal coverageHours)
    {
        var findings = new List<StorageFinding>();
        var factor = coverageHours > 0 ? RightsizingEngine.HoursPerMonth / coverageHours : 0;
        foreach (var a in assets)
        {
            // Still billed on the last day of the bills (not deleted since), for long enough.
            if (!a.Days.Contains(lastBilledDay) || a.Days.Count < options.MinimumUnattachedDays)
            {
                continue;
            }
            var monthly = Math.Round(a.EffectiveCost * factor, 2, MidpointRounding.AwayFromZero);
            var window = $"{a.Days.Count} billed day(s) from {a.Days.Min():yyyy-MM-dd} to {a.Days.Max():yyyy-MM-dd}";
            var evidence = new Dictionary<string, object?>
            {
                ["kind"] = a.Kind,
                ["usageType"] = a.UsageType,
                ["billedDays"] = a.Days.Count,
                ["firstDay"] = a.Days.Min(),
                ["lastDay"] = a.Days.Max(),
                ["billedCost"] = a.EffectiveCost,
                ["coverageHours"] = coverageHours,
                ["savingsFormula"] = $"{a.EffectiveCost:0.00} billed over {coverageHours:0.#} h × 730 h",
            };
            if (a.Kind == Address)
            {
                var why = $"Idle address: billed as {a.UsageType} on {window}.";
                evidence["rule"] = "idle-address-usage-type";
                evidence["why"] = why;
                findings.Add(new StorageFinding(a, RecommendationTypes.IdleDelete, monthly, why, evidence));
                continue;
            }
            var scope = a.Zone ?? a.Region;
            if (!a.Days.Any(d => compute.ScopeDays.Contains((a.SubAccountId, scope, d))))
            {
                var why = $"Unattached volume: no instance ran in {a.SubAccountId ?? "its account"} / {scope ?? "its region"} on any of its {window}, so it cannot have been attached.";
                evidence["rule"] = "no-instance-in-zone";
                evidence["why"] = why;
                findings.Add(new StorageFinding(a, RecommendationTypes.UnattachedStorage, monthly, why, evidence));
                continue;
            }
            var linked = a.LinkTokens.FirstOrDefault(compute.InstanceDays.ContainsKey);
            if (linked is not null && !a.Days.Any(d => compute.InstanceDays[linked].Contains(d)))
            {
                var why = $"Unattached volume: its instance {linked} did not run on any of its {window}.";
                evidence["rule"] = "linked-instance-not-running";
                evidence["linkedInstance"] = linked;
                evidence["why"] = why;
                findings.Add(new StorageFinding(a, RecommendationTypes.UnattachedStorage, monthly, why, evidence));
            }
        }
        return findings;
    }
}
