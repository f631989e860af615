using System.Text.Json;
using FinOps.Core.Catalog;
using Npgsql;

namespace FinOps.Core.Recommendations;

/// <summary>Reads what the rightsizing analysis needs: utilization per resource, billed hours and costs, volumes and addresses.</summary>
public sealed class RightsizingData(NpgsqlDataSource dataSource)
{
    /// <summary>SQL: hours of a usage line when it is priced by the hour (CUR "Hrs", FOCUS "Hours").</summary>
    internal const string HourQuantity = """
        case when lower(coalesce(pricing_unit, consumed_unit, '')) in ('hrs', 'hr', 'hours', 'hour', 'h', '1 hour')
             then coalesce(consumed_quantity, pricing_quantity, 0) else 0 end
        """;

    /// <summary>SQL: a line is compute usage of an instance.</summary>
    internal const string IsCompute = """
        (charge_category = 'Usage' and (x_instance_type is not null or x_usage_type ilike '%BoxUsage%'))
        """;

    private const string VolumePredicate = """
        (x_usage_type ilike '%EBS:VolumeUsage%' or resource_id ilike '%/microsoft.compute/disks/%'
         or x_usage_type ilike '%PD Capacity%' or x_usage_type ilike 'Storage PD%')
        """;

    private const string AddressPredicate = """
        (x_usage_type ilike '%ElasticIP:IdleAddress%' or x_usage_type ilike '%PublicIPv4:IdleAddress%' or x_usage_type ilike 'Static Ip Charge%')
        """;

    /// <summary>Streams each resource's metrics in the window, one resource at a time.</summary>
    public async IAsyncEnumerable<ResourceUtilization> UtilizationAsync(DateTimeOffset from, DateTimeOffset to, string? resourceId,
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            select resource_id, provider_name, region_id, instance_type, metric, period_start, period_seconds, average, maximum
            from finops.usage_metrics where period_start >= $1 and period_start < $2 {(resourceId is null ? "" : "and resource_id = $3")}
            order by resource_id, period_start
            """);
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        if (resourceId is not null)
        {
            cmd.Parameters.AddWithValue(resourceId);
        }
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        string? current = null;
        string? provider = null, region = null, type = null;
        List<MetricPoint> cpu = [], memory = [], netIn = [], netOut = [];
        while (await reader.ReadAsync(ct))
        {
            var id = reader.GetString(0);
            if (id != current)
            {
                if (current is not null)
                {
                    yield return Build(current, provider, region, type, cpu, memory, netIn, netOut);
                }
                current = id;
                provider = region = type = null;
                cpu = []; memory = []; netIn = []; netOut = [];
            }
            // The latest non-empty attributes win: a resized instance reports its new type.
            provider = reader.IsDBNull(1) ? provider : reader.GetString(1);
            region = reader.IsDBNull(2) ? region : reader.GetString(2);
            type = reader.IsDBNull(3) ? type : reader.GetString(3);
            var point = new MetricPoint(reader.GetFieldValue<DateTimeOffset>(5), reader.GetInt32(6), reader.GetDouble(7), reader.GetDouble(8));
            switch (reader.GetString(4))
            {
                case "cpu": cpu.Add(point); break;
                case "memory": memory.Add(point); break;
                case "network_in": netIn.Add(point); break;
                case "network_out": netOut.Add(point); break;
            }
        }
        if (current is not null)
        {
            yield return Build(current, provider, region, type, cpu, memory, netIn, netOut);
        }
    }

    private static ResourceUtilization Build(string id, string? provider, string? region, string? type,
        List<MetricPoint> cpu, List<MetricPoint> memory, List<MetricPoint> netIn, List<MetricPoint> netOut) =>
        new(id, CloudProviders.Normalize(provider ?? CloudProviders.FromResourceId(id)), region, type, cpu, memory, netIn, netOut);

    /// <summary>
    /// Billed compute hours and cost per resource over the window, with how much of the window the provider's bills
    /// cover (from their first to their last hour in it: bills that start late or lag are not mistaken for idle time).
    /// </summary>
    public async Task<Dictionary<string, BillingFacts>> BillingAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand($"""
            with lines as (
              select resource_id, provider_name, sub_account_id, billing_currency, effective_cost, charge_period_end,
                     case when {IsCompute} then {HourQuantity} else 0 end as hours
              from finops.billing_line_items
              where charge_period_start >= $1 and charge_period_start < $2 and resource_id is not null
            ), coverage as (
              select provider_name, extract(epoch from least(max(charge_period_end), $2) - greatest(min(charge_period_start), $1)) / 3600.0 as hours
              from finops.billing_line_items where charge_period_start >= $1 and charge_period_start < $2 group by provider_name
            )
            select l.resource_id, sum(l.hours), sum(l.effective_cost), max(l.billing_currency), max(l.sub_account_id), max(c.hours)
            from lines l left join coverage c on c.provider_name is not distinct from l.provider_name
            group by l.resource_id
            """);
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        var result = new Dictionary<string, BillingFacts>(StringComparer.Ordinal);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = new BillingFacts(
                reader.GetDecimal(1), reader.GetDecimal(2), reader.IsDBNull(5) ? 0 : Math.Round(reader.GetDecimal(5), 4),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
        }
        return result;
    }

    /// <summary>Volumes and idle addresses billed in the window, and where instances ran each day.</summary>
    public async Task<(List<BilledAsset> Assets, ComputeActivity Compute, DateOnly? LastDay, decimal CoverageHours)> StorageAsync(
        DateTimeOffset from, DateTimeOffset to, CancellationToken ct)
    {
        DateOnly? lastDay = null;
        decimal coverage = 0;
        await using (var cmd = dataSource.CreateCommand("""
            select max(charge_period_start), extract(epoch from least(max(charge_period_end), $2) - greatest(min(charge_period_start), $1)) / 3600.0
            from finops.billing_line_items where charge_period_start >= $1 and charge_period_start < $2
            """))
        {
            cmd.Parameters.AddWithValue(from);
            cmd.Parameters.AddWithValue(to);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            if (await reader.ReadAsync(ct) && !reader.IsDBNull(0))
            {
                lastDay = DateOnly.FromDateTime(reader.GetFieldValue<DateTimeOffset>(0).UtcDateTime);
                coverage = Math.Round(reader.GetDecimal(1), 4);
            }
        }
        var assets = new List<BilledAsset>();
        await using (var cmd = dataSource.CreateCommand($"""
            select resource_id, case when {AddressPredicate} then 'address' else 'volume' end as kind,
                   max(provider_name), max(sub_account_id), max(region_id), max(availability_zone), max(resource_name),
                   array_agg(distinct (charge_period_start at time zone 'UTC')::date), sum(effective_cost), max(billing_currency), max(x_usage_type),
                   coalesce(jsonb_agg(distinct tags) filter (where tags is not null), '[]'::jsonb)::text
            from finops.billing_line_items
            where charge_period_start >= $1 and charge_period_start < $2 and resource_id is not null and ({VolumePredicate} or {AddressPredicate})
            group by 1, 2
            """))
        {
            cmd.Parameters.AddWithValue(from);
            cmd.Parameters.AddWithValue(to);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var id = reader.GetString(0);
                var name = reader.IsDBNull(6) ? null : reader.GetString(6);
                assets.Add(new BilledAsset(id, reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), name,
                    LinkTokens(id, name, reader.GetString(11)), reader.GetFieldValue<DateOnly[]>(7).ToHashSet(), reader.GetDecimal(8),
                    reader.IsDBNull(9) ? "USD" : reader.GetString(9), reader.IsDBNull(10) ? null : reader.GetString(10)));
            }
        }
        var scopeDays = new HashSet<(string?, string?, DateOnly)>();
        var instanceDays = new Dictionary<string, IReadOnlySet<DateOnly>>(StringComparer.OrdinalIgnoreCase);
        await using (var cmd = dataSource.CreateCommand($"""
            select sub_account_id, region_id, availability_zone, resource_id, resource_name, (charge_period_start at time zone 'UTC')::date
            from finops.billing_line_items
            where charge_period_start >= $1 and charge_period_start < $2 and {IsCompute}
            group by 1, 2, 3, 4, 5, 6
            """))
        {
            cmd.Parameters.AddWithValue(from);
            cmd.Parameters.AddWithValue(to);
            await using var reader = await cmd.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var sub = reader.IsDBNull(0) ? null : reader.GetString(0);
                var day = reader.GetFieldValue<DateOnly>(5);
                scopeDays.Add((sub, reader.IsDBNull(1) ? null : reader.GetString(1), day));
                if (!reader.IsDBNull(2))
                {
                    scopeDays.Add((sub, reader.GetString(2), day));
                }
                foreach (var key in new[] { reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4) })
                {
                    if (key is null)
                    {
                        continue;
                    }
                    if (!instanceDays.TryGetValue(key, out var set))
                    {
                        instanceDays[key] = set = new HashSet<DateOnly>();
                    }
                    ((HashSet<DateOnly>)set).Add(day);
                    var last = key.Split('/')[^1];
                    if (last != key && !instanceDays.ContainsKey(last))
                    {
                        instanceDays[last] = set;
                    }
                }
            }
        }
        return (assets, new ComputeActivity(scopeDays, instanceDays), lastDay, coverage);
    }

    /// <summary>Values that may name the instance a volume belongs to: tag values, its name, Azure's "vm_OsDisk_…" prefix.</summary>
    private static List<string> LinkTokens(string id, string? name, string tagsJson)
    {
        var tokens = new List<string>();
        if (!string.IsNullOrEmpty(name) && name != id)
        {
            // GCP names a boot disk after its instance.
            tokens.Add(name);
        }
        foreach (var candidate in new[] { name, id.Split('/')[^1] })
        {
            if (string.IsNullOrEmpty(candidate))
            {
                continue;
            }
            foreach (var marker in new[] { "_OsDisk", "_DataDisk", "_disk", "-disk", "-boot" })
            {
                var at = candidate.IndexOf(marker, StringComparison.OrdinalIgnoreCase);
                if (at > 0)
                {
                    tokens.Add(candidate[..at]);
                }
            }
        }
        using var doc = JsonDocument.Parse(tagsJson);
        foreach (var tags in doc.RootElement.EnumerateArray())
        {
            if (tags.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            foreach (var p in tags.EnumerateObject())
            {
                if (p.Value.ValueKind == JsonValueKind.String && p.Value.GetString() is { Length: > 0 } v)
                {
                    tokens.Add(v);
                }
            }
        }
        return tokens;
    }
}
