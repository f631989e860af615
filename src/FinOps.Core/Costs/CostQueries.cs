using System.Text;
using Npgsql;

namespace FinOps.Core.Costs;

/// <summary>
/// Cost views for dashboards and exports. They read the <c>daily_costs</c> rollup only, never the
/// raw line items, so they answer in milliseconds whatever the size of the bills.
/// </summary>
public sealed class CostQueries(NpgsqlDataSource dataSource)
{
    public const string OtherKey = "Other";
    public const string UnassignedKey = "(none)";

    public async Task<CostSummary> SummaryAsync(DateOnly today, string? currency, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        currency ??= await DominantCurrencyAsync(conn, ct);
        var monthStart = new DateOnly(today.Year, today.Month, 1);
        var prevStart = monthStart.AddMonths(-1);
        var prevSameDay = prevStart.AddDays(Math.Min(today.Day, DateTime.DaysInMonth(prevStart.Year, prevStart.Month)) - 1);

        const string sql = """
            select
              coalesce(sum(effective_cost) filter (where day between $2 and $3), 0),
              coalesce(sum(effective_cost) filter (where day between $4 and $5), 0),
              coalesce(sum(effective_cost) filter (where day >= $4 and day < $2), 0),
              (select max(day) from finops.daily_costs where billing_currency = $1)
            from finops.daily_costs where billing_currency = $1 and day between $4 and $3
            """;
        await using var cmd = new NpgsqlCommand(sql, conn);
        cmd.Parameters.AddWithValue(currency);
        cmd.Parameters.AddWithValue(monthStart);
        cmd.Parameters.AddWithValue(today);
        cmd.Parameters.AddWithValue(prevStart);
        cmd.Parameters.AddWithValue(prevSameDay);
        decimal mtd, prevMtd, prevTotal;
        DateOnly? through;
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            await r.ReadAsync(ct);
            (mtd, prevMtd, prevTotal) = (r.GetDecimal(0), r.GetDecimal(1), r.GetDecimal(2));
            through = r.IsDBNull(3) ? null : r.GetFieldValue<DateOnly>(3);
        }
        var top = await BreakdownAsync(new CostFilter(monthStart, today, Currency: currency), "service", "effective", 5, ct);
        return new CostSummary(currency, mtd, prevMtd, prevTotal, through, top.Items);
    }

    public async Task<CostBreakdown> BreakdownAsync(CostFilter filter, string groupBy, string metric, int? top, CancellationToken ct)
    {
        filter.Validate();
        var key = CostDimensions.Column(groupBy);
        var value = CostMetrics.Column(metric);
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        var currency = filter.Currency ?? await DominantCurrencyAsync(conn, ct);
        var (where, parameters) = Where(filter with { Currency = currency });
        var sql = $"select coalesce({key}, '{UnassignedKey}') as k, sum({value}) as c from finops.daily_costs {where} group by 1 order by 2 desc, 1";
        var rows = new List<(string Key, decimal Cost)>();
        await using (var cmd = Command(conn, sql, parameters))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                rows.Add((r.GetString(0), r.GetDecimal(1)));
            }
        }
        var total = rows.Sum(x => x.Cost);
        var kept = Fold(rows, top);
        return new CostBreakdown(currency, metric, total,
            kept.Select(x => new CostBreakdownItem(x.Key, x.Cost, total == 0 ? 0 : (double)(x.Cost / total))).ToList());
    }

    public async Task<CostTimeseries> TimeseriesAsync(CostFilter filter, string granularity, string groupBy, string metric, int top, CancellationToken ct)
    {
        var breakdown = await BreakdownAsync(filter, groupBy, metric, top, ct);
        var keptKeys = breakdown.Items.Select(i => i.Key).Where(k => k != OtherKey).ToHashSet();
        var bucket = granularity.ToLowerInvariant() switch
        {
            "day" => "day",
            "month" => "date_trunc('month', day)::date",
            _ => throw new DomainValidationException("granularity", "granularity must be day or month."),
        };
        var key = CostDimensions.Column(groupBy);
        var value = CostMetrics.Column(metric);
        var (where, parameters) = Where(filter with { Currency = breakdown.Currency });
        var sql = $"select {bucket} as d, coalesce({key}, '{UnassignedKey}') as k, sum({value}) from finops.daily_costs {where} group by 1, 2 order by 1";

        var series = new Dictionary<string, SortedDictionary<DateOnly, decimal>>();
        await using (var conn = await dataSource.OpenConnectionAsync(ct))
        await using (var cmd = Command(conn, sql, parameters))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                var seriesKey = keptKeys.Contains(r.GetString(1)) ? r.GetString(1) : OtherKey;
                var points = series.TryGetValue(seriesKey, out var p) ? p : series[seriesKey] = [];
                var date = r.GetFieldValue<DateOnly>(0);
                points[date] = points.GetValueOrDefault(date) + r.GetDecimal(2);
            }
        }

        // Every series gets every bucket (zeros included) so charts stack without gaps.
        var buckets = Buckets(filter.From, filter.To, granularity);
        var ordered = breakdown.Items.Select(i => i.Key).Where(series.ContainsKey)
            .Select(k => new CostSeries(k, buckets.Select(b => new CostPoint(b, series[k].GetValueOrDefault(b))).ToList()))
            .ToList();
        return new CostTimeseries(breakdown.Currency, granularity.ToLowerInvariant(), metric, breakdown.Total, ordered);
    }

    /// <summary>Writes the grouped daily (or monthly) costs as CSV, one row per bucket and group.</summary>
    public async Task WriteCsvAsync(TextWriter writer, CostFilter filter, string granularity, string groupBy, string metric, CancellationToken ct)
    {
        var series = await TimeseriesAsync(filter, granularity, groupBy, metric, int.MaxValue, ct);
        await writer.WriteLineAsync($"date,{groupBy},{metric}_cost,currency");
        foreach (var s in series.Series)
        {
            foreach (var p in s.Points.Where(p => p.Cost != 0))
            {
                await writer.WriteLineAsync($"{p.Date:yyyy-MM-dd},{Csv(s.Key)},{p.Cost.ToString(System.Globalization.CultureInfo.InvariantCulture)},{series.Currency}");
            }
        }
    }

    /// <summary>
    /// Quotes a text cell, and defuses spreadsheet formulas: a service or tag named <c>=HYPERLINK(…)</c>
    /// must open as text, not run, when a user opens the export in Excel.
    /// </summary>
    internal static string Csv(string value)
    {
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;
    }

    private static List<DateOnly> Buckets(DateOnly from, DateOnly to, string granularity)
    {
        var list = new List<DateOnly>();
        if (granularity.Equals("month", StringComparison.OrdinalIgnoreCase))
        {
            for (var d = new DateOnly(from.Year, from.Month, 1); d <= to; d = d.AddMonths(1))
            {
                list.Add(d);
            }
        }
        else
        {
            for (var d = from; d <= to; d = d.AddDays(1))
            {
                list.Add(d);
            }
        }
        return list;
    }

    private static List<(string Key, decimal Cost)> Fold(List<(string Key, decimal Cost)> rows, int? top)
    {
        if (top is not { } n || rows.Count <= n)
        {
            return rows;
        }
        var kept = rows.Take(n).ToList();
        kept.Add((OtherKey, rows.Skip(n).Sum(x => x.Cost)));
        return kept;
    }

    /// <summary>The currency most of the spend is in, so a mixed-currency bill never sums apples and pears.</summary>
    private static async Task<string> DominantCurrencyAsync(NpgsqlConnection conn, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(
            "select billing_currency from finops.daily_costs group by 1 order by sum(abs(effective_cost)) desc limit 1", conn);
        return await cmd.ExecuteScalarAsync(ct) as string ?? "USD";
    }

    private static (string Sql, List<object> Parameters) Where(CostFilter f)
    {
        var sql = new StringBuilder("where day between $1 and $2");
        var parameters = new List<object> { f.From, f.To };
        void Add(string column, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parameters.Add(value);
                sql.Append($" and {column} = ${parameters.Count}");
            }
        }
        Add("provider_name", f.Provider);
        Add("sub_account_id", f.SubAccountId);
        Add("service_name", f.ServiceName);
        Add("region_id", f.RegionId);
        Add("charge_category", f.ChargeCategory);
        Add("billing_currency", f.Currency);
        return (sql.ToString(), parameters);
    }

    private static NpgsqlCommand Command(NpgsqlConnection conn, string sql, List<object> parameters)
    {
        var cmd = new NpgsqlCommand(sql, conn);
        foreach (var p in parameters)
        {
            cmd.Parameters.AddWithValue(p);
        }
        return cmd;
    }
}
