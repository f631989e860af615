namespace FinOps.Core.Catalog;

/// <summary>The priced catalog rows in memory, looked up by type and by region for the rightsizing engine.</summary>
public sealed class CatalogIndex
{
    private readonly Dictionary<(string Provider, string Type, string Region, string Os), InstanceType> byKey = [];
    private readonly Dictionary<(string Provider, string Region, string Os), List<InstanceType>> byRegion = [];
    private readonly Dictionary<(string Provider, string Type), InstanceType> shapes = [];

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

    public IReadOnlyList<InstanceType> InRegion(string provider, string region, string os) =>
        byRegion.GetValueOrDefault((CloudProviders.Normalize(provider), region.ToLowerInvariant(), os.ToLowerInvariant())) ?? [];
}
