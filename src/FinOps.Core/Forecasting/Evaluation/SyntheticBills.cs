namespace FinOps.Core.Forecasting.Evaluation;

/// <summary>Shape of the generated bills; the defaults mix what real cloud bills show.</summary>
public sealed record SyntheticBillOptions(
    int Days = 393,
    double TrendShare = 1.0,
    double LevelShiftsPerYear = 1.5,
    double SpikesPerYear = 3,
    double MonthlyFeeShare = 0.5,
    double TaxShare = 0.2,
    double GapShare = 0.1);

/// <summary>
/// Realistic daily cost series for tests and the bench: a level between $20 and $20k a day, growth or
/// decline (−30%..+100% a year), a weekday pattern (weekends 40–100% of weekdays), persistent level
/// shifts (a migration, a new workload), autocorrelated multiplicative noise (3–15%), one-off usage
/// spikes, monthly fees on the 1st, tax on the last day of the month, and occasional ingestion gaps.
/// Deterministic for a seed.
/// </summary>
public static class SyntheticBills
{
    public static CostHistory Generate(int seed, DateOnly start, SyntheticBillOptions? options = null)
    {
        var o = options ?? new SyntheticBillOptions();
        var r = new Random(seed);
        var n = o.Days;
        var level = Math.Exp(Math.Log(20) + r.NextDouble() * (Math.Log(20000) - Math.Log(20)));
        var growth = r.NextDouble() < o.TrendShare ? -0.3 + 1.3 * r.NextDouble() : 0;
        var weekend = r.NextDouble() < 0.3 ? 0.9 + 0.1 * r.NextDouble() : 0.4 + 0.5 * r.NextDouble();
        var weekdays = Enumerable.Range(0, 7).Select(_ => 1 + 0.1 * (r.NextDouble() - 0.5)).ToArray();
        var sigma = 0.03 + 0.12 * r.NextDouble();
        var phi = 0.6 * r.NextDouble();
        var fee = r.NextDouble() < o.MonthlyFeeShare ? level * (2 + 8 * r.NextDouble()) : 0;
        var tax = r.NextDouble() < o.TaxShare ? 0.05 + 0.05 * r.NextDouble() : 0;

        var usage = new double[n];
        var other = new double[n];
        double shift = 1, ar = 0, monthUsage = 0;
        for (var t = 0; t < n; t++)
        {
            var day = start.AddDays(t);
            if (r.NextDouble() < o.LevelShiftsPerYear / 365)
            {
                shift *= Math.Exp(Normal(r) * 0.25);
            }
            ar = phi * ar + Math.Sqrt(1 - phi * phi) * Normal(r) * sigma;
            var dow = (int)day.DayOfWeek;
            var seasonal = (dow is 0 or 6 ? weekend : 1) * weekdays[dow];
            var value = level * Math.Pow(1 + growth, t / 365.0) * shift * seasonal * Math.Exp(ar - sigma * sigma / 2);
            if (r.NextDouble() < o.SpikesPerYear / 365)
            {
                value *= 1.5 + 2.5 * r.NextDouble();
            }
            usage[t] = Math.Round(value, 2);
            monthUsage += usage[t];
            if (day.Day == 1)
            {
                other[t] += Math.Round(fee, 2);
            }
            if (day.Day == DateTime.DaysInMonth(day.Year, day.Month))
            {
                other[t] += Math.Round(tax * monthUsage, 2);
                monthUsage = 0;
            }
        }
        if (r.NextDouble() < o.GapShare)
        {
            // An ingestion gap of 1-4 days somewhere before the last month: unknown, not zero.
            var at = r.Next(35, Math.Max(36, n - 60));
            var length = 1 + r.Next(4);
            for (var t = at; t < Math.Min(n, at + length); t++)
            {
                usage[t] = double.NaN;
                other[t] = double.NaN;
            }
        }
        return new CostHistory($"synthetic-{seed}", start, usage, other);
    }

    private static double Normal(Random r) =>
        Math.Sqrt(-2 * Math.Log(1 - r.NextDouble())) * Math.Cos(2 * Math.PI * r.NextDouble());
}
