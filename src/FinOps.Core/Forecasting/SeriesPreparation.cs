using FinOps.Core.Forecasting.Models;

namespace FinOps.Core.Forecasting;

/// <summary>What the models see of a <see cref="CostHistory"/>: gaps filled, recurring fees and isolated spikes set apart.</summary>
internal sealed record PreparedSeries(
    CostHistory Source, double[] Total, bool[] Observed, ModelInput Usage, ModelInput Other, bool NonNegative);

internal static class SeriesPreparation
{
    public static PreparedSeries Prepare(CostHistory history)
    {
        var n = history.Length;
        var observed = new bool[n];
        for (var t = 0; t < n; t++)
        {
            observed[t] = !double.IsNaN(history.Usage[t]) && !double.IsNaN(history.Other[t]);
        }
        var usage = Impute(history.Usage);
        var other = Impute(history.Other);
        var total = new double[n];
        var nonNegative = true;
        for (var t = 0; t < n; t++)
        {
            total[t] = usage[t] + other[t];
            nonNegative &= !observed[t] || total[t] >= 0;
        }
        MoveMonthlyFees(history.Start, usage, other);
        var cleaned = ClipIsolatedSpikes(usage);
        return new PreparedSeries(history, total, observed, new ModelInput(history.Start, cleaned), new ModelInput(history.Start, other), nonNegative);
    }

    /// <summary>A missing day takes the value of the same weekday a week before (or the nearest known day).</summary>
    internal static double[] Impute(double[] values)
    {
        var result = (double[])values.Clone();
        for (var t = 0; t < result.Length; t++)
        {
            if (!double.IsNaN(result[t]))
            {
                continue;
            }
            if (t >= 7 && !double.IsNaN(result[t - 7]))
            {
                result[t] = result[t - 7];
                continue;
            }
            var next = Array.FindIndex(values, t, v => !double.IsNaN(v));
            result[t] = t > 0 && !double.IsNaN(result[t - 1]) ? result[t - 1] : next >= 0 ? values[next] : 0;
        }
        return result;
    }

    /// <summary>
    /// Support plans, subscriptions and marketplace fees often arrive as usage on the first or last day
    /// of the month. When the same-weekday-adjusted excess on that day is large and present in each of the
    /// last three complete months, it is a fee: move it to the other charges, where it recurs monthly.
    /// </summary>
    internal static void MoveMonthlyFees(DateOnly start, double[] usage, double[] other)
    {
        var n = usage.Length;
        var noise = RobustWeeklyNoise(usage);
        foreach (var lastDay in new[] { false, true })
        {
            var excesses = new List<(int Index, double Excess)>();
            for (var m = new DateOnly(start.Year, start.Month, 1); ; m = m.AddMonths(1))
            {
                var day = lastDay ? m.AddDays(DateTime.DaysInMonth(m.Year, m.Month) - 1) : m;
                var t = day.DayNumber - start.DayNumber;
                if (t >= n)
                {
                    break;
                }
                if (t < 0)
                {
                    continue;
                }
                var neighbours = new List<double>(4);
                foreach (var k in new[] { -14, -7, 7, 14 })
                {
                    if (t + k >= 0 && t + k < n)
                    {
                        neighbours.Add(usage[t + k]);
                    }
                }
                if (neighbours.Count >= 2)
                {
                    excesses.Add((t, usage[t] - Median(neighbours)));
                }
            }
            var complete = excesses.Where(e => e.Index + 14 < n || (lastDay && e.Index + 7 < n)).ToList();
            if (complete.Count < 3)
            {
                continue;
            }
            var recent = complete.TakeLast(3).Select(e => e.Excess).ToList();
            var threshold = Math.Max(5 * noise, 0);
            if (recent.Min() <= threshold || recent.Max() > 2 * recent.Min())
            {
                continue;
            }
            foreach (var (index, excess) in excesses.Where(e => e.Excess > threshold))
            {
                usage[index] -= excess;
                other[index] += excess;
            }
        }
    }

    /// <summary>
    /// Replaces a day that differs from the same weekday on both sides by more than five robust
    /// standard deviations with their median: one-off usage spikes must not bend the fitted level.
    /// The last week, with no later neighbour, is left alone, so a fresh level shift is kept.
    /// </summary>
    internal static double[] ClipIsolatedSpikes(double[] values)
    {
        var n = values.Length;
        var noise = RobustWeeklyNoise(values);
        var result = (double[])values.Clone();
        if (noise <= 0)
        {
            return result;
        }
        Span<double> around = stackalloc double[4];
        for (var t = 7; t + 7 < n; t++)
        {
            var count = 0;
            foreach (var k in (ReadOnlySpan<int>)[-14, -7, 7, 14])
            {
                if (t + k >= 0 && t + k < n)
                {
                    around[count++] = values[t + k];
                }
            }
            var span = around[..count];
            span.Sort();
            var median = count % 2 == 1 ? span[count / 2] : (span[count / 2 - 1] + span[count / 2]) / 2;
            var before = values[t - 7];
            var after = values[t + 7];
            // Isolated: far from the median and from both same-weekday neighbours (not the start of a new level).
            if (Math.Abs(values[t] - median) > 5 * noise && Math.Abs(values[t] - before) > 5 * noise && Math.Abs(values[t] - after) > 5 * noise)
            {
                result[t] = median;
            }
        }
        return result;
    }

    /// <summary>Robust standard deviation of day-to-same-weekday changes, divided by √2 to be per day.</summary>
    internal static double RobustWeeklyNoise(double[] values)
    {
        if (values.Length <= 8)
        {
            return 0;
        }
        var diffs = new double[values.Length - 7];
        for (var t = 7; t < values.Length; t++)
        {
            diffs[t - 7] = Math.Abs(values[t] - values[t - 7]);
        }
        Array.Sort(diffs);
        return 1.4826 * diffs[diffs.Length / 2] / Math.Sqrt(2);
    }

    private static double Median(List<double> values)
    {
        values.Sort();
        var c = values.Count;
        return c % 2 == 1 ? values[c / 2] : (values[c / 2 - 1] + values[c / 2]) / 2;
    }
}
