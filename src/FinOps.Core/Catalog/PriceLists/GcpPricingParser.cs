using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace FinOps.Core.Catalog.PriceLists;

/// <summary>
/// Reads GCP machine types and hourly on-demand prices from a <c>pricing.yml</c> of
/// google-cloud-pricing-cost-calculator (the format of the shipped snapshot's GCP source):
/// <c>compute.instance.&lt;type&gt;: {cpu, ram, &lt;gpu&gt;: n, cost: {&lt;region&gt;: {hour}}}</c>, and the Windows
/// licence per hour from <c>compute.license.&lt;type&gt;.cost.windows.hour</c> (a Windows row is Linux + licence).
/// </summary>
public static class GcpPricingParser
{
    public const string Source = "gcp-pricing-yml";
    private static readonly HashSet<string> NotGpus = ["cost", "cpu", "ram", "bandwidth", "disk", "local_ssd", "description"];
    private static readonly HashSet<string> ArmSeries = ["t2a", "c4a", "n4a", "a4x"];

    public static List<InstanceType> Parse(TextReader reader)
    {
        var yaml = new YamlStream();
        yaml.Load(reader);
        if (yaml.Documents.Count == 0 || yaml.Documents[0].RootNode is not YamlMappingNode root
            || Child(root, "compute") is not YamlMappingNode compute || Child(compute, "instance") is not YamlMappingNode instances)
        {
            throw new DomainValidationException("file", "The GCP pricing file has no compute.instance section.");
        }
        var effective = Child(root, "about") is YamlMappingNode about && Scalar(about, "timestamp") is { } ts
            && long.TryParse(ts, NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds)
            ? DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime) : default;
        var licenses = Child(compute, "license") as YamlMappingNode;
        var rows = new List<InstanceType>();
        foreach (var (key, value) in instances.Children)
        {
            if (key is not YamlScalarNode { Value: { } type } || value is not YamlMappingNode machine || Child(machine, "cost") is not YamlMappingNode costs)
            {
                continue;
            }
            var vcpu = Number(Scalar(machine, "cpu")) ?? 0;
            var ram = Number(Scalar(machine, "ram")) ?? 0;
            var gpus = machine.Children.Where(c => c.Key is YamlScalarNode k && !NotGpus.Contains(k.Value!) && c.Value is YamlScalarNode)
                .Sum(c => (int)(Number(((YamlScalarNode)c.Value).Value) ?? 0));
            decimal? windows = licenses is not null && Child(licenses, type) is YamlMappingNode lic && Child(lic, "cost") is YamlMappingNode lc
                && Child(lc, "windows") is YamlMappingNode win ? Number(Scalar(win, "hour")) : null;
            var series = type.Split('-')[0];
            foreach (var (regionKey, regionValue) in costs.Children)
            {
                if (regionKey is not YamlScalarNode { Value: { } region } || regionValue is not YamlMappingNode price || Number(Scalar(price, "hour")) is not { } hour || hour <= 0)
                {
                    continue;
                }
                rows.Add(Row(type, series, vcpu, ram, gpus, region, "Linux", hour, effective));
                if (windows is { } w)
                {
                    rows.Add(Row(type, series, vcpu, ram, gpus, region, "Windows", hour + w, effective));
                }
            }
        }
        return rows;
    }

    private static InstanceType Row(string type, string series, decimal vcpu, decimal ram, int gpus, string region, string os, decimal hour, DateOnly effective) => new()
    {
        Provider = CloudProviders.Gcp,
        Name = type,
        Family = series,
        Generation = series is "n1" or "f1" or "g1" ? "previous" : "current",
        Vcpu = vcpu,
        MemoryGib = ram,
        GpuCount = gpus,
        Architecture = ArmSeries.Contains(series) ? "arm64" : "x86_64",
        Region = region,
        OperatingSystem = os,
        OnDemandHourly = hour,
        Source = Source,
        EffectiveDate = effective,
    };

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlMappingNode node, string key) => Child(node, key) is YamlScalarNode s ? s.Value : null;

    private static decimal? Number(string? s) =>
        decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;
}
