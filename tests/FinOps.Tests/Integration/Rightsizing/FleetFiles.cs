using System.Globalization;
using System.Text;

namespace FinOps.Tests.Integration.Rightsizing;

/// <summary>Writes a usage CSV (ARCHITECTURE §11) and a FOCUS bill for generated resources, to load through the ingestion path.</summary>
public sealed class FleetFiles : IDisposable
{
    private readonly StringBuilder usage = new("resource_id,provider,region,instance_type,timestamp,metric,average,maximum,unit\n");
    private readonly StringBuilder bill = new("ProviderName,SubAccountId,RegionId,AvailabilityZone,ResourceId,ResourceName,ServiceName,ChargeCategory,ChargePeriodStart,ChargePeriodEnd,"
                                              + "BilledCost,EffectiveCost,BillingCurrency,PricingUnit,PricingQuantity,ConsumedUnit,ConsumedQuantity,x_InstanceType,x_UsageType,Tags\n");
    private readonly string folder = Directory.CreateTempSubdirectory("finops-fleet-").FullName;

    public void Metric(string resourceId, string provider, string region, string type, DateTimeOffset at, string metric, double average, double maximum, string unit = "Percent") =>
        usage.Append(CultureInfo.InvariantCulture, $"{resourceId},{provider},{region},{type},{at:yyyy-MM-ddTHH:mm:ssZ},{metric},{average:0.####},{maximum:0.####},{unit}\n");

    /// <summary>One billed hour of an instance at <paramref name="hourly"/>.</summary>
    public void InstanceHour(string resourceId, string provider, string sub, string region, string? zone, string type, DateTimeOffset at, decimal hourly, decimal hours = 1m) =>
        Line(provider, sub, region, zone, resourceId, null, "Compute", at, at.AddHours(1), hourly * hours, "Hours", hours, type, "BoxUsage:" + type, null);

    public void Line(string provider, string sub, string region, string? zone, string resourceId, string? name, string service, DateTimeOffset start, DateTimeOffset end,
        decimal cost, string unit, decimal quantity, string? instanceType, string? usageType, string? tagsJson) =>
        bill.Append(CultureInfo.InvariantCulture,
            $"{provider},{sub},{region},{zone},{resourceId},{name},{service},Usage,{start:yyyy-MM-ddTHH:mm:ssZ},{end:yyyy-MM-ddTHH:mm:ssZ},{cost},{cost},USD,{unit},{quantity},{unit},{quantity},{instanceType},{usageType},{Csv(tagsJson)}\n");

    public string WriteUsage()
    {
        var path = Path.Combine(folder, $"usage-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, usage.ToString());
        return path;
    }

    public string WriteBill()
    {
        var path = Path.Combine(folder, $"focus-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, bill.ToString());
        return path;
    }

    private static string Csv(string? s) => s is null ? "" : "\"" + s.Replace("\"", "\"\"") + "\"";

    public void Dispose() => Directory.Delete(folder, recursive: true);
}
