using FinOps.Core.Ingestion.Loading;
using FinOps.Core.Ingestion.Parsing;
using FinOps.Core.Ingestion.Reading;

namespace FinOps.Core.Ingestion.Formats;

/// <summary>
/// The utilization CSV of ARCHITECTURE §11 (CloudWatch-like):
/// <c>resource_id,provider,region,instance_type,timestamp,metric,average,maximum,unit</c>, optionally <c>p95</c>.
/// Metric names map to <c>cpu</c>, <c>memory</c>, <c>network_in</c>, <c>network_out</c>.
/// </summary>
internal sealed class UsageMapper(HeaderIndex h)
{
    public static readonly string[] Required = ["resource_id", "timestamp", "metric", "average"];

    /// <summary>Staging columns, in COPY order.</summary>
    public const string StagingColumns = "resource_id, provider_name, region_id, instance_type, metric, period_start, average, maximum, p95, unit";

    private readonly int resource = h.Find("resource_id");
    private readonly int provider = h.Find("provider", "provider_name");
    private readonly int region = h.Find("region", "region_id");
    private readonly int instanceType = h.Find("instance_type");
    private readonly int timestamp = h.Find("timestamp", "period_start");
    private readonly int metric = h.Find("metric");
    private readonly int average = h.Find("average");
    private readonly int maximum = h.Find("maximum");
    private readonly int p95 = h.Find("p95");
    private readonly int unit = h.Find("unit");
    private readonly Utf8Cache<byte[]?> metrics = new(m => U8.OfNullable(MetricName(m)));

    /// <summary>Our metric name for a CloudWatch-style one, or null when unknown.</summary>
    public static string? MetricName(string metric) => metric.Trim().ToLowerInvariant() switch
    {
        "cpuutilization" or "cpu" or "cpu_utilization" or "percentage cpu" => "cpu",
        "memoryutilization" or "memory" or "mem_used_percent" or "memory_utilization" or "available memory percentage" => "memory",
        "networkin" or "network_in" or "network in total" => "network_in",
        "networkout" or "network_out" or "network out total" => "network_out",
        _ => null,
    };

    public bool Map(IRowSource src, RowErrors errors, PgBinaryEncoder encoder)
    {
        var resourceRaw = src.Field(resource);
        if (ValueParsers.IsNull(resourceRaw))
        {
            errors.Add(h.NameOf(resource), "A value is required here.");
        }
        var metricRaw = src.Field(metric);
        var metricName = ValueParsers.IsNull(metricRaw) ? null : metrics.Get(metricRaw);
        if (metricName is null)
        {
            errors.Add(h.NameOf(metric), $"{RowErrors.Show(metricRaw)} is not a known metric (CPUUtilization, MemoryUtilization, NetworkIn, NetworkOut).");
        }
        if (!ValueParsers.TryParseTimestamp(src.Field(timestamp), out var at))
        {
            errors.Add(h.NameOf(timestamp), $"{RowErrors.Show(src.Field(timestamp))} is not a date/time.");
        }
        var avg = Number(src, average, errors, required: true);
        var max = Number(src, maximum, errors, required: false);
        var pct95 = Number(src, p95, errors, required: false);
        if (errors.CurrentRowFailed)
        {
            return false;
        }
        encoder.StartRow(10);
        encoder.WriteText(resourceRaw);
        Text(encoder, src, provider);
        Text(encoder, src, region);
        Text(encoder, src, instanceType);
        encoder.WriteText(metricName);
        encoder.WriteTimestamp(at);
        encoder.WriteFloat8(avg!.Value);
        encoder.WriteFloat8(max ?? avg.Value);
        if (pct95 is { } p)
        {
            encoder.WriteFloat8(p);
        }
        else
        {
            encoder.WriteNull();
        }
        Text(encoder, src, unit);
        return true;
    }

    public bool TryReadTimestamp(IRowSource src, out long micros) => ValueParsers.TryParseTimestamp(src.Field(timestamp), out micros);

    private double? Number(IRowSource src, int index, RowErrors errors, bool required)
    {
        if (index < 0)
        {
            return null;
        }
        var raw = src.Field(index);
        if (ValueParsers.IsNull(raw))
        {
            if (required)
            {
                errors.Add(h.NameOf(index), "A value is required here.");
            }
            return null;
        }
        if (!ValueParsers.TryParseDouble(raw, out var value) || !double.IsFinite(value))
        {
            errors.Add(h.NameOf(index), $"{RowErrors.Show(raw)} is not a number.");
            return null;
        }
        return value;
    }

    private static void Text(PgBinaryEncoder encoder, IRowSource src, int index)
    {
        var raw = index < 0 ? default : src.Field(index);
        if (ValueParsers.IsNull(raw))
        {
            encoder.WriteNull();
        }
        else
        {
            encoder.WriteText(raw);
        }
    }
}
