namespace FinOps.Core.Anomalies.Evaluation;

/// <summary>An injected event: where it starts, until when a flag counts as detecting it, and how large it is.</summary>
/// <param name="Kind"><c>spike</c>, <c>level_shift</c> or <c>drift</c>.</param>
/// <param name="Magnitude">Size as a share of the scope's usual daily spend (0.2 = 20%).</param>
public sealed record InjectedEvent(string Kind, int Start, int WindowEnd, double Magnitude);

/// <summary>One generated daily cost series with what was injected into it.</summary>
/// <param name="Values">Daily spend; NaN where the day is missing from the bill.</param>
/// <param name="FeeDays">Indexes of month-start fee days (never anomalies).</param>
public sealed record SyntheticSeries(DateOnly Start, double[] Values, IReadOnlyList<InjectedEvent> Events, IReadOnlyList<int> FeeDays);

/// <summary>
/// Generates cost bills the way they look: a level from $50 to $20,000 a day, yearly growth or decline, weekday patterns with
/// cheaper weekends, multiplicative noise, missing days, fixed fees on the first of the month, and injected spikes, level
/// shifts and slow drifts of 20–150% of the scope's usual daily spend. Deterministic per seed.
/// </summary>
public static class SyntheticBills
{
    public const string Spike = "spike";
    public const string LevelShift = "level_shift";
    public const string Drift = "drift";

    /// <summary>After a level shift or drift ends, the detector gets this many days to be counted as on time.</summary>
    public const int GraceDays = 7;

    /// <param name="noise">Overrides the random noise level (σ of the log of the daily multiplier).</param>
    /// <param name="weekendFactor">Overrides the random weekend level (share of a weekday's spend; above 1 for weekend batch work).</param>
    /// <param name="monthlyFee">Overrides whether the series has a month-start fee.</param>
    public static SyntheticSeries Generate(int seed, int days = 365, double minMagnitude = 0.2, double maxMagnitude = 1.5, bool withEvents = true,
        double? noise = null, double? weekendFactor = null, bool? monthlyFee = null)
    {
        var rng = new Random(seed);
        var start = new DateOnly(2025, 1, 1).AddDays(rng.Next(0, 365));
        var level = Math.Exp(Uniform(rng, Math.Log(50), Math.Log(20_000)));
        var yearlyGrowth = Uniform(rng, -0.1, 0.6);
        var sigma = Uniform(rng, 0.02, 0.06);
        var weekend = rng.NextDouble() < 0.7 ? Uniform(rng, 0.5, 0.95) : 1.0;
        sigma = noise ?? sigma;
        weekend = weekendFactor ?? weekend;
        var weekdays = new double[7];
        for (var d = 0; d < 7; d++)
        {
            weekdays[d] = d is 0 or 6 ? weekend : 1 + Uniform(rng, -0.05, 0.05);
        }
        var fee = rng.NextDouble() < 0.6 ? level * Uniform(rng, 0.3, 2.0) : 0.0;
        if (monthlyFee is { } withFee)
        {
            fee = withFee ? level * Uniform(rng, 0.3, 2.0) : 0.0;
        }

        // Events: two or three, at least 45 days apart, the first after 100 days of history, none on a month start.
        var events = new List<InjectedEvent>();
        var multiplier = new double[days];
        var additive = new double[days];
        Array.Fill(multiplier, 1.0);
        var next = 100 + rng.Next(0, 20);
        var usual = UsualSpend(level, yearlyGrowth, weekdays, start);
        while (withEvents && next < days - 30)
        {
            if (start.AddDays(next).Day == 1)
            {
                next++;
            }
            var magnitude = Uniform(rng, minMagnitude, maxMagnitude);
            var kind = rng.Next(3) switch { 0 => Spike, 1 => LevelShift, _ => Drift };
            var baseline = usual(next - 28, next - 1) * multiplier[next - 1];
            switch (kind)
            {
                case Spike:
                    additive[next] += magnitude * baseline;
                    events.Add(new InjectedEvent(kind, next, next, magnitude));
                    break;
                case LevelShift:
                    for (var i = next; i < days; i++)
                    {
                        multiplier[i] *= 1 + magnitude;
                    }
                    events.Add(new InjectedEvent(kind, next, Math.Min(days - 1, next + GraceDays), magnitude));
                    break;
                default:
                    var ramp = rng.Next(14, 29);
                    var factor = multiplier[next - 1];
                    for (var i = next; i < days; i++)
                    {
                        var progress = Math.Min(1.0, (i - next + 1) / (double)ramp);
                        multiplier[i] = factor * (1 + magnitude * progress);
                    }
                    events.Add(new InjectedEvent(kind, next, Math.Min(days - 1, next + ramp + GraceDays), magnitude));
                    break;
            }
            next += 45 + rng.Next(0, 40);
        }

        var values = new double[days];
        var feeDays = new List<int>();
        for (var i = 0; i < days; i++)
        {
            var date = start.AddDays(i);
            var trend = level * Math.Pow(1 + yearlyGrowth, i / 365.0);
            var v = trend * weekdays[(int)date.DayOfWeek] * multiplier[i] * Math.Exp(sigma * Gaussian(rng)) + additive[i];
            if (date.Day == 1 && fee > 0)
            {
                v += fee;
                feeDays.Add(i);
            }
            // About one day in a hundred is missing from the export.
            values[i] = rng.NextDouble() < 0.01 && additive[i] == 0 && !events.Any(e => e.Start == i) ? double.NaN : Math.Round(v, 2);
        }
        return new SyntheticSeries(start, values, events, feeDays);
    }

    /// <summary>The noise-free average daily spend between two days (before events).</summary>
    private static Func<int, int, double> UsualSpend(double level, double growth, double[] weekdays, DateOnly start) => (from, to) =>
    {
        var sum = 0.0;
        for (var i = from; i <= to; i++)
        {
            sum += level * Math.Pow(1 + growth, i / 365.0) * weekdays[(int)start.AddDays(i).DayOfWeek];
        }
        return sum / (to - from + 1);
    };

    private static double Uniform(Random rng, double min, double max) => min + (max - min) * rng.NextDouble();

    private static double Gaussian(Random rng)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
