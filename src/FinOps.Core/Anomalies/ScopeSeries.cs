namespace FinOps.Core.Anomalies;

/// <summary>One row of the daily rollup, summed over ingestions, at the finest grain the detector uses.</summary>
public sealed record CostRow(DateOnly Day, string? SubAccountId, string? ServiceName, string? RegionId, string Category, string Currency, double Amount);

/// <summary>Spend of one value of a configured tag key on one day.</summary>
public sealed record TagCostRow(DateOnly Day, string TagKey, string? TagValue, string Category, string Currency, double Amount);

/// <summary>Builds the daily series of every scored scope from rollup rows. Pure: no I/O.</summary>
public static class ScopeSeries
{
    /// <summary>
    /// One series per scope over <paramref name="start"/> .. <paramref name="start"/> + <paramref name="days"/> − 1. A day on
    /// which the bill has no row at all in a currency is missing (NaN) for every scope of that currency; a scope without rows
    /// on a day that has data spent 0. Days before a scope's first spend are missing too: a new service has no history yet.
    /// </summary>
    public static Dictionary<AnomalyScope, double[]> Build(IEnumerable<CostRow> rows, IEnumerable<TagCostRow> tagRows, DateOnly start, int days)
    {
        var series = new Dictionary<AnomalyScope, double[]>();
        var daysWithData = new Dictionary<string, bool[]>();

        void Add(AnomalyScope scope, int index, double amount)
        {
            if (!series.TryGetValue(scope, out var values))
            {
                series[scope] = values = new double[days];
            }
            values[index] += amount;
        }

        foreach (var r in rows)
        {
            var i = r.Day.DayNumber - start.DayNumber;
            if (i < 0 || i >= days)
            {
                continue;
            }
            MarkDay(daysWithData, r.Currency, i, days);
            foreach (var dimension in ScopeDimensions.All)
            {
                if (dimension == ScopeDimensions.Tag || !CategoryGroups.IsScored(r.Category, dimension))
                {
                    continue;
                }
                Add(dimension switch
                {
                    ScopeDimensions.SubAccount => new AnomalyScope(dimension, r.Category, r.Currency, SubAccountId: r.SubAccountId),
                    ScopeDimensions.Service => new AnomalyScope(dimension, r.Category, r.Currency, ServiceName: r.ServiceName),
                    ScopeDimensions.SubAccountService => new AnomalyScope(dimension, r.Category, r.Currency, r.SubAccountId, r.ServiceName),
                    ScopeDimensions.Region => new AnomalyScope(dimension, r.Category, r.Currency, RegionId: r.RegionId),
                    _ => new AnomalyScope(dimension, r.Category, r.Currency),
                }, i, r.Amount);
            }
        }
        foreach (var r in tagRows)
        {
            var i = r.Day.DayNumber - start.DayNumber;
            if (i >= 0 && i < days && CategoryGroups.IsScored(r.Category, ScopeDimensions.Tag))
            {
                MarkDay(daysWithData, r.Currency, i, days);
                Add(new AnomalyScope(ScopeDimensions.Tag, r.Category, r.Currency, TagKey: r.TagKey, TagValue: r.TagValue), i, r.Amount);
            }
        }

        foreach (var (scope, values) in series)
        {
            var present = daysWithData[scope.Currency];
            var started = false;
            for (var i = 0; i < days; i++)
            {
                started |= values[i] != 0;
                if (!present[i] || !started)
                {
                    values[i] = double.NaN;
                }
            }
        }
        return series;
    }

    private static void MarkDay(Dictionary<string, bool[]> daysWithData, string currency, int index, int days)
    {
        if (!daysWithData.TryGetValue(currency, out var present))
        {
            daysWithData[currency] = present = new bool[days];
        }
        present[index] = true;
    }
}
