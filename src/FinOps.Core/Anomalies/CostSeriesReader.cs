using Npgsql;

namespace FinOps.Core.Anomalies;

/// <summary>
/// Reads what the detector scores: the <c>daily_costs</c> rollup summed over ingestions, and — only for configured tag keys,
/// and for root causes on a flagged day — the line items.
/// </summary>
public sealed class CostSeriesReader(NpgsqlDataSource dataSource)
{
    /// <summary>Every rollup row between two days at the sub-account × service × region grain, per category group and currency.</summary>
    public async Task<List<CostRow>> ReadAsync(DateOnly from, DateOnly to, CancellationToken ct)
    {
        var sql = $"""
            select day, sub_account_id, service_name, region_id, {CategoryGroups.Sql} as grp, billing_currency, sum({CategoryGroups.ValueSql})::float8
            from finops.daily_costs where day between $1 and $2
            group by 1, 2, 3, 4, 5, 6
            """;
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.Parameters.AddWithValue(from);
        cmd.Parameters.AddWithValue(to);
        var rows = new List<CostRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rows.Add(new CostRow(r.GetFieldValue<DateOnly>(0), NullableString(r, 1), NullableString(r, 2), NullableString(r, 3),
                r.GetString(4), r.GetString(5), r.GetDouble(6)));
        }
        return rows;
    }

    /// <summary>Spend per value of each configured tag key and day, from the line items (partition-pruned by the date range).</summary>
    public async Task<List<TagCostRow>> ReadTagsAsync(IReadOnlyList<string> tagKeys, DateOnly from, DateOnly to, CancellationToken ct)
    {
        if (tagKeys.Count == 0)
        {
            return [];
        }
        var sql = $"""
            select (charge_period_start at time zone 'UTC')::date, k.key, tags ->> k.key, {CategoryGroups.Sql}, billing_currency, sum({CategoryGroups.ValueSql})::float8
            from finops.billing_line_items, unnest($3::text[]) as k(key)
            where charge_period_start >= $1 and charge_period_start < $2 and tags ? k.key
            group by 1, 2, 3, 4, 5
            """;
        await using var cmd = dataSource.CreateCommand(sql);
        cmd.Parameters.AddWithValue(Utc(from));
        cmd.Parameters.AddWithValue(Utc(to.AddDays(1)));
        cmd.Parameters.AddWithValue(tagKeys.ToArray());
        var rows = new List<TagCostRow>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            rows.Add(new TagCostRow(r.GetFieldValue<DateOnly>(0), r.GetString(1), NullableString(r, 2), r.GetString(3), r.GetString(4), r.GetDouble(5)));
        }
        return rows;
    }

    /// <summary>One scope's daily series between two days (NaN where the bill has no data at all in its currency).</summary>
    public async Task<double[]> ReadScopeAsync(AnomalyScope scope, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var days = to.DayNumber - from.DayNumber + 1;
        // The whole rollup, not only the scope's rows: which days have data at all decides missing days against zeros.
        var rows = await ReadAsync(from, to, ct);
        var tags = scope.Dimension == ScopeDimensions.Tag ? await ReadTagsAsync([scope.TagKey!], from, to, ct) : [];
        var series = ScopeSeries.Build(rows, tags, from, days);
        if (series.TryGetValue(scope, out var values))
        {
            return values;
        }
        var empty = new double[days];
        Array.Fill(empty, double.NaN);
        return empty;
    }

    /// <summary>
    /// Spend per resource, per usage type and per value of each configured tag key (dimension <c>tag:key</c>) inside a scope
    /// on the given days (the flagged day and its reference days): the only read of raw line items the detector makes, and
    /// only for reported anomalies.
    /// </summary>
    public async Task<Dictionary<DateOnly, Dictionary<string, Dictionary<string, double>>>> ReadLineItemBreakdownAsync(
        AnomalyScope scope, IReadOnlyList<DateOnly> days, IReadOnlyList<string> tagKeys, CancellationToken ct)
    {
        var result = days.Distinct().ToDictionary(d => d, _ => new Dictionary<string, Dictionary<string, double>>
        {
            ["resource"] = [],
            ["usage_type"] = [],
        });
        if (days.Count == 0)
        {
            return result;
        }
        var filters = new List<string>();
        var parameters = new List<object> { Utc(days.Min()), Utc(days.Max().AddDays(1)), days.ToArray(), scope.Category, scope.Currency };
        void Filter(string column, string? value)
        {
            if (value is null)
            {
                filters.Add($"{column} is null");
            }
            else
            {
                parameters.Add(value);
                filters.Add($"{column} = ${parameters.Count}");
            }
        }
        switch (scope.Dimension)
        {
            case ScopeDimensions.SubAccount:
                Filter("sub_account_id", scope.SubAccountId);
                break;
            case ScopeDimensions.Service:
                Filter("service_name", scope.ServiceName);
                break;
            case ScopeDimensions.SubAccountService:
                Filter("sub_account_id", scope.SubAccountId);
                Filter("service_name", scope.ServiceName);
                break;
            case ScopeDimensions.Region:
                Filter("region_id", scope.RegionId);
                break;
            case ScopeDimensions.Tag:
                parameters.Add(scope.TagKey!);
                var keyParameter = parameters.Count;
                Filter($"tags ->> ${keyParameter}", scope.TagValue);
                break;
        }
        var where = $"""
            charge_period_start >= $1 and charge_period_start < $2 and (charge_period_start at time zone 'UTC')::date = any($3)
              and {CategoryGroups.Sql} = $4 and billing_currency = $5{(filters.Count == 0 ? "" : " and " + string.Join(" and ", filters))}
            """;
        var sql = $"""
            select (charge_period_start at time zone 'UTC')::date, 'resource', coalesce(resource_id, '{AnomalyScope.None}'), sum({CategoryGroups.ValueSql})::float8
            from finops.billing_line_items where {where} group by 1, 3
            union all
            select (charge_period_start at time zone 'UTC')::date, 'usage_type', coalesce(x_usage_type, sku_id, '{AnomalyScope.None}'), sum({CategoryGroups.ValueSql})::float8
            from finops.billing_line_items where {where} group by 1, 3
            """;
        if (tagKeys.Count > 0)
        {
            parameters.Add(tagKeys.ToArray());
            sql += $"""

                union all
                select (charge_period_start at time zone 'UTC')::date, 'tag:' || k.key, coalesce(tags ->> k.key, '{AnomalyScope.None}'), sum({CategoryGroups.ValueSql})::float8
                from finops.billing_line_items, unnest(${parameters.Count}::text[]) as k(key) where {where} group by 1, 2, 3
                """;
        }
        await using var cmd = dataSource.CreateCommand(sql);
        foreach (var p in parameters)
        {
            cmd.Parameters.AddWithValue(p);
        }
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            if (!result.TryGetValue(r.GetFieldValue<DateOnly>(0), out var dimensions))
            {
                continue;
            }
            var dimension = r.GetString(1);
            if (!dimensions.TryGetValue(dimension, out var values))
            {
                dimensions[dimension] = values = [];
            }
            values[r.GetString(2)] = values.GetValueOrDefault(r.GetString(2)) + r.GetDouble(3);
        }
        return result;
    }

    /// <summary>The latest <paramref name="count"/> days that have data, oldest first.</summary>
    public async Task<List<DateOnly>> LatestDaysAsync(int count, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("select distinct day from finops.daily_costs order by day desc limit $1");
        cmd.Parameters.AddWithValue(count);
        var days = new List<DateOnly>();
        await using var r = await cmd.ExecuteReaderAsync(ct);
        while (await r.ReadAsync(ct))
        {
            days.Add(r.GetFieldValue<DateOnly>(0));
        }
        days.Reverse();
        return days;
    }

    private static DateTimeOffset Utc(DateOnly day) => new(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    private static string? NullableString(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetString(ordinal);
}
