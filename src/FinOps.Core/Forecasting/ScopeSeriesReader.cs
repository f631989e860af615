using Npgsql;

namespace FinOps.Core.Forecasting;

/// <summary>The histories of every scope to forecast in one currency, in the engine's order.</summary>
internal sealed record CurrencySeries(string Currency, DateOnly LastDay, IReadOnlyList<ForecastScope> Scopes, IReadOnlyList<CostHistory> Histories);

/// <summary>
/// Builds the scopes' daily series from <c>daily_costs</c> (effective cost, i.e. amortized, as FinOps
/// forecasts are): usage apart from other charge categories; days the currency has no data at all are
/// unknown (NaN), days a scope had no rows while others did cost it nothing (0).
/// </summary>
internal static class ScopeSeriesReader
{
    private sealed class Accumulator(int days)
    {
        public double[] Usage { get; } = new double[days];
        public double[] Other { get; } = new double[days];
        public double Recent { get; set; }
    }

    public static async Task<List<CurrencySeries>> ReadAsync(NpgsqlDataSource dataSource, ForecastingOptions o, CancellationToken ct)
    {
        var bounds = new Dictionary<string, DateOnly>();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using (var cmd = new NpgsqlCommand("select billing_currency, max(day) from finops.daily_costs group by 1 order by 1", conn))
        await using (var r = await cmd.ExecuteReaderAsync(ct))
        {
            while (await r.ReadAsync(ct))
            {
                bounds[r.GetString(0)] = r.GetFieldValue<DateOnly>(1);
            }
        }
        var result = new List<CurrencySeries>();
        foreach (var (currency, lastDay) in bounds)
        {
            var first = lastDay.AddDays(-(o.HistoryDays - 1));
            var days = o.HistoryDays;
            var observed = new bool[days];
            var scopes = new Dictionary<ForecastScope, Accumulator>();
            Accumulator For(ForecastScope s) => scopes.TryGetValue(s, out var a) ? a : scopes[s] = new Accumulator(days);
            const string sql = """
                select day, sub_account_id, service_name, charge_category = 'Usage', sum(effective_cost)::float8
                from finops.daily_costs where billing_currency = $1 and day between $2 and $3
                group by 1, 2, 3, 4
                """;
            await using (var cmd = new NpgsqlCommand(sql, conn))
            {
                cmd.Parameters.AddWithValue(currency);
                cmd.Parameters.AddWithValue(first);
                cmd.Parameters.AddWithValue(lastDay);
                await using var r = await cmd.ExecuteReaderAsync(ct);
                while (await r.ReadAsync(ct))
                {
                    var t = r.GetFieldValue<DateOnly>(0).DayNumber - first.DayNumber;
                    var sub = r.IsDBNull(1) ? null : r.GetString(1);
                    var service = r.IsDBNull(2) ? null : r.GetString(2);
                    var usage = r.GetBoolean(3);
                    var cost = r.GetDouble(4);
                    observed[t] = true;
                    var recent = t >= days - 28 ? Math.Abs(cost) : 0;
                    foreach (var scope in new[] { ForecastScope.Total, sub is null ? null : new ForecastScope(sub, null),
                        service is null ? null : new ForecastScope(null, service), sub is null || service is null ? null : new ForecastScope(sub, service) })
                    {
                        if (scope is null)
                        {
                            continue;
                        }
                        var a = For(scope);
                        (usage ? a.Usage : a.Other)[t] += cost;
                        a.Recent += recent;
                    }
                }
            }
            if (!scopes.TryGetValue(ForecastScope.Total, out var total))
            {
                continue;
            }
            var minPair = o.MinScopeShare * total.Recent;
            var chosen = scopes
                .Where(kv => kv.Key.Kind != "sub_account_service" || (kv.Value.Recent >= minPair && kv.Value.Recent > 0))
                .Where(kv => kv.Key.Kind == "total" || kv.Value.Recent > 0)
                .OrderBy(kv => kv.Key.Kind == "total" ? 0 : 1).ThenByDescending(kv => kv.Value.Recent)
                .Take(o.MaxScopes)
                .ToList();
            var histories = new List<CostHistory>(chosen.Count);
            foreach (var (scope, a) in chosen)
            {
                // A scope's history starts on its first day with any cost (or the first day with data at all).
                var start = 0;
                while (start < days - 1 && (!observed[start] || (a.Usage[start] == 0 && a.Other[start] == 0)))
                {
                    start++;
                }
                var usage = new double[days - start];
                var other = new double[days - start];
                for (var t = start; t < days; t++)
                {
                    usage[t - start] = observed[t] ? a.Usage[t] : double.NaN;
                    other[t - start] = observed[t] ? a.Other[t] : double.NaN;
                }
                histories.Add(new CostHistory(scope.ToString(), first.AddDays(start), usage, other));
            }
            result.Add(new CurrencySeries(currency, lastDay, chosen.Select(c => c.Key).ToList(), histories));
        }
        return result;
    }
}
