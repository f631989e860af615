namespace FinOps.Core.Catalog;

/// <summary>The priced catalog rows in memory, looked up by type and by region for the rightsizing engine.</summary>
public sealed class CatalogIndex
{
    private readonly Dictionary<(string Provider, string Type, string Region, string Os), InstanceType> byKey = [];
    private readonly Dictionary<(string Provider, string Region, string Os), List<InstanceType>> byRegion = [];
    private readonly Dictionary<(string Provider, string Type), InstanceType> shapes = [];
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string Provider, string Type), (FamilyClass Class, string Family)> traits = new();
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(string, string, string), Candidate[]> candidates = new();

    public CatalogIndex(IEnumerable<InstanceType> rows)
    {
        foreach (var r in rows)
        {
            if (r.OnDemandHourly is not > 0m)
            {
                continue;
            }
            var provider = CloudProviders.Normalize(r.Provider);
            byKey[(provider, r.Name.ToLowerInvariant(), r.Region.ToLowerInvariant(), r.OperatingSystem.ToLowerInvariant())] = r;
            var key = (provider, r.Region.ToLowerInvariant(), r.OperatingSystem.ToLowerInvariant());
            if (!byRegion.TryGetValue(key, out var list))
            {
                byRegion[key] = list = [];
            }
            list.Add(r);
            if (r.Vcpu > 0 && !shapes.ContainsKey((provider, r.Name.ToLowerInvariant())))
            {
                shapes[(provider, r.Name.ToLowerInvariant())] = r;
            }
        }
    }

    public int Count => byKey.Count;

    public InstanceType? Find(string provider, string type, string region, string os) =>
        byKey.GetValueOrDefault((CloudProviders.Normalize(provider), type.ToLowerInvariant(), region.ToLowerInvariant(), os.ToLowerInvariant()));

    /// <summary>The type's shape from any region (shapes do not vary by region).</summary>
    public InstanceType? Shape(string provider, string type) => shapes.GetValueOrDefault((CloudProviders.Normalize(provider), type.ToLowerInvariant()));

    /// <summary>
    /// The type's class and family, worked out once per type (the naming rules are regular expressions).
    /// <paramref name="provider"/> is a catalog code (<see cref="CloudProviders"/>): this sits in the engine's inner loop.
    /// </summary>
    public (FamilyClass Class, string Family) Traits(string provider, string type) =>
        traits.GetOrAdd((provider, type), k => (InstanceFamilies.Classify(k.Provider, k.Type), InstanceFamilies.FamilyOf(k.Provider, k.Type)));

    public IReadOnlyList<InstanceType> InRegion(string provider, string region, string os) =>
        byRegion.GetValueOrDefault((CloudProviders.Normalize(provider), region.ToLowerInvariant(), os.ToLowerInvariant())) ?? [];

    /// <summary>A region's rows with their traits, worked out once per region: what the engine scans for candidates.</summary>
    public IReadOnlyList<Candidate> Candidates(string provider, string region, string os)
    {
        var key = (CloudProviders.Normalize(provider), region.ToLowerInvariant(), os.ToLowerInvariant());
        return candidates.GetOrAdd(key, k => (byRegion.GetValueOrDefault(k) ?? [])
            .Where(r => r.Vcpu > 0 && r.MemoryGib > 0)
            .Select(r =>
            {
                var (cls, family) = Traits(k.Item1, r.Name);
                return new Candidate(r, cls, family);
            })
            .ToArray());
    }

    public sealed record Candidate(InstanceType Row, FamilyClass Class, string Family);
}
