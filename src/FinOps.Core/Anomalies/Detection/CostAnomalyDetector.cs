namespace FinOps.Core.Anomalies.Detection;

/// <summary>What kind of departure a flagged day is.</summary>
public enum AnomalyKind : byte
{
    None = 0,
    /// <summary>The day is far above what the recent weekday-adjusted level predicts.</summary>
    Spike = 1,
    /// <summary>The recent level has crept far above the level of a month before, beyond its own trend.</summary>
    Drift = 2,
}

/// <summary>The verdict on one day of one series.</summary>
/// <param name="Scored">False when the day has no data or not enough history (or a first month start with no earlier one to compare).</param>
/// <param name="IsAnomaly">True on the first day of an event (or when an ongoing event escalates): the day to report.</param>
/// <param name="Ongoing">The day is still outside its band but continues an event already reported.</param>
public readonly record struct DayScore(
    bool Scored, bool IsAnomaly, bool Ongoing, AnomalyKind Kind,
    double Actual, double Expected, double Lower, double Upper, double Score, double Impact, double ImpactPercent)
{
    public bool OutsideBand => IsAnomaly || Ongoing;
}

/// <summary>
/// Scores daily cost series, one at a time, without any I/O. For each day it predicts the expected spend from at most
/// <see cref="DetectorOptions.HistoryDays"/> days before it and flags the day when actual − expected exceeds
/// <see cref="DetectorOptions.Threshold"/> robust scales and the minimum impact in $ and %.
/// </summary>
/// <remarks>
/// The prediction, each step chosen to survive what bills do:
/// <list type="bullet">
/// <item>Weekly seasonality: the median of each weekday over the last <see cref="DetectorOptions.SeasonWeeks"/> weeks gives
/// weekday factors (multiplicative; additive when a weekday is near zero or the series is negative, as credits are).</item>
/// <item>Level and trend: the median of the last 7 deseasonalized days, moved along the slope between the medians of the last
/// two fortnights (a robust Holt-style level + trend). Medians ignore one-off fees and earlier spikes.</item>
/// <item>Scale: the MAD of day-to-day differences of the deseasonalized series over 8 weeks (immune to level shifts and trends),
/// widened by the uncertainty of the level, floored at <see cref="DetectorOptions.ScaleFloorPercent"/> of expected.</item>
/// <item>Month start: the first of a month is excluded from all of the above and expected as an ordinary day plus the median
/// extra that earlier first days carried (monthly fees); without an earlier first day in the history it is not scored.</item>
/// <item>Missing days (NaN) are skipped everywhere; history counts only days with data.</item>
/// <item>Slow drift: a second test compares the last 7 days' level with the level of 4–6 weeks before, projected along the trend
/// that level had, so steady growth passes and an acceleration of <see cref="DetectorOptions.DriftPercent"/>% is caught.</item>
/// </list>
/// A flag within <see cref="DetectorOptions.OngoingDays"/> of the previous one continues the same event (level shifts
/// stay flagged until the baseline adapts) and is reported once, unless its impact escalates.
/// </remarks>
public static class CostAnomalyDetector
{
    private const int LevelDays = 7;
    private const int TrendDays = 14;
    private const int ScaleDays = 56;
    private const int MinResiduals = 21;
    private const double FeeVariation = 0.25;
    private const double YoungWidening = 0.5;
    private const int SettlingDays = 35;
    private const double SettlingWidening = 1.25;
    private const double ShortHistoryMargin = 1.75;
    private const int DriftBaseFrom = 41, DriftBaseTo = 28, DriftOlderFrom = 69, DriftOlderTo = 56;
    private const int DriftLookBack = DriftBaseFrom;
    // Variance of a median of n normal values is about (π/2)·σ²/n.
    private const double MedianVarianceFactor = Math.PI / 2;

    /// <summary>
    /// Scores days <paramref name="from"/>..<paramref name="to"/> (indexes into <paramref name="values"/>, whose index 0 is
    /// <paramref name="start"/>) into <paramref name="output"/> (length to − from + 1). Earlier days are scored too, silently,
    /// so that an event that started before <paramref name="from"/> is known to be ongoing: the result for a day does not
    /// depend on the range asked for.
    /// </summary>
    /// <param name="thresholdMultiplier">Widens this series' threshold (feedback that earlier alerts were false).</param>
    public static void Score(
        ReadOnlySpan<double> values, DateOnly start, int from, int to, DetectorOptions options, Span<DayScore> output,
        double thresholdMultiplier = 1.0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(from);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(to, values.Length);
        if (output.Length != to - from + 1)
        {
            throw new ArgumentException("output must hold one score per day of the range", nameof(output));
        }
        var calendar = new Calendar(start, values.Length);
        var scratch = new Scratch();
        // One-step-ahead residuals (deseasonalized) of the days already scored: the scale is calibrated on them.
        var residuals = new double[values.Length];
        Array.Fill(residuals, double.NaN);
        // What each first of a month would have cost as an ordinary day: its extra over that is the monthly fee.
        var monthStartBaselines = new double[values.Length];
        Array.Fill(monthStartBaselines, double.NaN);
        var warmStart = Math.Max(0, from - options.HistoryDays);
        // Days with data before each index, so the history test is one subtraction.
        var counts = new int[values.Length + 1];
        for (var i = 0; i < values.Length; i++)
        {
            counts[i + 1] = counts[i] + (double.IsNaN(values[i]) ? 0 : 1);
        }
        var stateAnchor = -1;
        WeeklyState state = default;
        var lastFlag = int.MinValue / 2;
        var onsetPercent = 0.0;
        for (var t = warmStart; t <= to; t++)
        {
            // A level change already reported in the drift test's look-back is not reported again as a drift.
            var allowDrift = t - lastFlag > DriftLookBack;
            // While the baseline re-learns after an event (weekday profile, trend), it is less sure of itself.
            var settling = t - lastFlag <= SettlingDays ? SettlingWidening : 1.0;
            // The weekday profile and the scales move slowly: once a series is past its first weeks they are computed once a
            // calendar week (anchored on the day number, so the result does not depend on the range asked for).
            var anchor = t < 7 * options.SeasonWeeks + 7 ? t : t - (calendar.DayNumber(t) % 7);
            if (anchor != stateAnchor)
            {
                state = WeeklyState.Compute(values, anchor, calendar, options, scratch, residuals);
                stateAnchor = anchor;
            }
            var s = ScoreDay(values, t, calendar, options, thresholdMultiplier * settling, scratch, allowDrift, residuals, monthStartBaselines, state, counts);
            if (s.IsAnomaly)
            {
                // Relative, not absolute, impact decides escalation: an event that began on a cheap weekend is not new on Monday.
                var continues = t - lastFlag <= options.OngoingDays
                                && Math.Abs(s.ImpactPercent) < options.EscalationFactor * Math.Abs(onsetPercent);
                if (!continues)
                {
                    onsetPercent = s.ImpactPercent;
                }
                else
                {
                    s = s with { IsAnomaly = false, Ongoing = true };
                }
                lastFlag = t;
            }
            if (t >= from)
            {
                output[t - from] = s;
            }
        }
    }

    /// <summary>Scores every day of a series (the benchmark's and evaluation's entry point).</summary>
    public static DayScore[] ScoreAll(ReadOnlySpan<double> values, DateOnly start, DetectorOptions options, double thresholdMultiplier = 1.0)
    {
        var output = new DayScore[values.Length];
        if (values.Length > 0)
        {
            Score(values, start, 0, values.Length - 1, options, output, thresholdMultiplier);
        }
        return output;
    }

    private static DayScore ScoreDay(ReadOnlySpan<double> v, int t, Calendar cal, DetectorOptions o, double multiplier, Scratch s,
        bool allowDrift, double[] residuals, double[] monthStartBaselines, WeeklyState state, int[] counts)
    {
        var x = v[t];
        if (double.IsNaN(x))
        {
            return default;
        }
        var lo = Math.Max(0, t - o.HistoryDays);
        if (counts[t] - counts[lo] < o.MinHistoryDays)
        {
            return default;
        }

        var profile = state.Profile;
        if (!profile.Complete)
        {
            return default;
        }
        var isMonthStart = o.MonthStartAware && cal.IsMonthStart(t);

        // Level: median of the last week's deseasonalized days, moved along the fortnight-over-fortnight slope.
        var level = Median(v, Math.Max(lo, t - LevelDays), t - 1, cal, profile, o.MonthStartAware, s, out var levelCount);
        if (levelCount < 3)
        {
            level = Median(v, Math.Max(lo, t - TrendDays), t - 1, cal, profile, o.MonthStartAware, s, out levelCount);
        }
        if (levelCount == 0)
        {
            return default;
        }
        level += state.Slope * (LevelDays + 1) / 2.0;

        var noise = state.Noise;
        var weekday = cal.Weekday(t);
        var expected = profile.Reseason(level, weekday);
        if (!isMonthStart)
        {
            residuals[t] = profile.Deseason(x, weekday) - level;
        }
        // Prefer the spread of this series' own recent prediction errors (it includes the model's error, not only the noise);
        // until there are enough of them, the differences' σ widened by the level's uncertainty and a short-history margin.
        var deseasonalizedSigma = state.ResidualCount >= MinResiduals
            ? Math.Max(state.ResidualSpread, noise)
            : noise * Math.Sqrt(1 + MedianVarianceFactor / levelCount) * ShortHistoryMargin;
        var sigma = profile.ScaleAt(deseasonalizedSigma, weekday);

        if (isMonthStart)
        {
            monthStartBaselines[t] = expected;
            if (!MonthStartExtra(v, lo, t, cal, s, monthStartBaselines, out var extra, out var extraSpread))
            {
                return default;
            }
            expected += extra;
            sigma = Math.Sqrt(sigma * sigma + extraSpread * extraSpread);
        }
        var scale = Math.Max(sigma, Math.Max(o.ScaleFloorPercent / 100 * Math.Abs(expected), 1e-6));
        // A young series (less than SeasonWeeks of history) knows its weekdays from few samples: widen its threshold.
        var youth = 1 + YoungWidening * Math.Max(0, 1 - (counts[t] - counts[lo]) / (7.0 * o.SeasonWeeks));
        var k = o.Threshold * multiplier * youth;
        var z = (x - expected) / scale;
        var impact = x - expected;
        var percent = Percent(impact, expected);
        var result = new DayScore(true, false, false, AnomalyKind.None, x, expected, expected - k * scale, expected + k * scale, z, impact, percent);

        if (PassesImpact(z, impact, percent, k, o))
        {
            return result with { IsAnomaly = true, Kind = AnomalyKind.Spike };
        }
        if (o.DetectDrift && allowDrift && !isMonthStart)
        {
            return Drift(v, t, lo, x, cal, profile, noise, o, k, s) is { } drift ? drift : result;
        }
        return result;
    }

    /// <summary>The last week's level (today included) against the level of 4–6 weeks ago projected along its own trend.</summary>
    private static DayScore? Drift(ReadOnlySpan<double> v, int t, int lo, double x, Calendar cal, WeekdayProfile profile, double noise,
        DetectorOptions o, double k, Scratch s)
    {
        const int baseFrom = DriftBaseFrom, baseTo = DriftBaseTo, olderFrom = DriftOlderFrom, olderTo = DriftOlderTo;
        if (t - baseFrom < lo)
        {
            return null;
        }
        var now = Median(v, t - LevelDays + 1, t, cal, profile, o.MonthStartAware, s, out var nowCount);
        var past = Median(v, t - baseFrom, t - baseTo, cal, profile, o.MonthStartAware, s, out var pastCount);
        if (nowCount < 4 || pastCount < 7)
        {
            return null;
        }
        var olderSlope = 0.0;
        if (t - olderFrom >= lo)
        {
            var older = Median(v, t - olderFrom, t - olderTo, cal, profile, o.MonthStartAware, s, out var olderCount);
            if (olderCount >= 7)
            {
                olderSlope = (past - older) / (olderFrom - baseFrom + (baseFrom - baseTo));
            }
        }
        // Centre of the base block to centre of the last week.
        var projected = past + olderSlope * ((baseFrom + baseTo) / 2.0 - (LevelDays - 1) / 2.0);
        var drift = now - projected;
        var levelSigma = noise * Math.Sqrt(MedianVarianceFactor / nowCount + MedianVarianceFactor / pastCount);
        var floor = o.ScaleFloorPercent / 100 * Math.Abs(projected);
        var driftZ = drift / Math.Max(levelSigma, Math.Max(floor, 1e-6));
        if (driftZ < k || Percent(drift, projected) < o.DriftPercent)
        {
            return null;
        }
        var weekday = cal.Weekday(t);
        var expected = profile.Reseason(projected, weekday);
        var scale = Math.Max(profile.ScaleAt(noise, weekday), Math.Max(o.ScaleFloorPercent / 100 * Math.Abs(expected), 1e-6));
        var impact = x - expected;
        var percent = Percent(impact, expected);
        if (impact < o.MinImpactAmount || percent < o.MinImpactPercent)
        {
            return null;
        }
        return new DayScore(true, true, false, AnomalyKind.Drift, x, expected, expected - k * scale, expected + k * scale,
            (x - expected) / scale, impact, percent);
    }

    private static bool PassesImpact(double z, double impact, double percent, double k, DetectorOptions o)
    {
        if (z >= k && impact >= o.MinImpactAmount && percent >= o.MinImpactPercent)
        {
            return true;
        }
        return o.DetectDecreases && z <= -k && -impact >= o.MinImpactAmount && -percent >= o.MinImpactPercent;
    }

    private static double Percent(double delta, double baseline) =>
        Math.Abs(baseline) > 1e-9 ? delta / Math.Abs(baseline) * 100 : delta > 0 ? 1000 : delta < 0 ? -1000 : 0;

    /// <summary>Median of the deseasonalized values of days <paramref name="from"/>..<paramref name="to"/> (month starts and gaps left out).</summary>
    private static double Median(ReadOnlySpan<double> v, int from, int to, Calendar cal, WeekdayProfile profile, bool skipMonthStarts,
        Scratch s, out int count)
    {
        count = 0;
        var buffer = s.A;
        for (var i = Math.Max(0, from); i <= to; i++)
        {
            if (!double.IsNaN(v[i]) && !(skipMonthStarts && cal.IsMonthStart(i)))
            {
                buffer[count++] = profile.Deseason(v[i], cal.Weekday(i));
            }
        }
        return count == 0 ? double.NaN : RobustStatistics.MedianInPlace(buffer.AsSpan(0, count));
    }

    /// <summary>
    /// Trend per day: the median of week-over-week changes. A level shift is in only seven of them, so, unlike a slope
    /// through the level, it does not make the trend overshoot for weeks after the step.
    /// </summary>
    private static double WeeklySlope(ReadOnlySpan<double> v, int from, int to, Calendar cal, WeekdayProfile profile, bool skipMonthStarts, Scratch s)
    {
        var n = 0;
        var buffer = s.A;
        for (var i = Math.Max(from, 7); i <= to; i++)
        {
            var j = i - 7;
            if (double.IsNaN(v[i]) || double.IsNaN(v[j]) || (skipMonthStarts && (cal.IsMonthStart(i) || cal.IsMonthStart(j))))
            {
                continue;
            }
            buffer[n++] = (profile.Deseason(v[i], cal.Weekday(i)) - profile.Deseason(v[j], cal.Weekday(j))) / 7;
        }
        return n < 7 ? 0 : RobustStatistics.MedianInPlace(buffer.AsSpan(0, n));
    }

    /// <summary>σ of the one-step-ahead errors of days <paramref name="from"/>..<paramref name="to"/>, from their MAD.</summary>
    private static double ResidualSigma(double[] residuals, int from, int to, Scratch s, out int count)
    {
        count = 0;
        var buffer = s.A;
        for (var i = from; i <= to; i++)
        {
            if (!double.IsNaN(residuals[i]))
            {
                buffer[count++] = residuals[i];
            }
        }
        if (count == 0)
        {
            return 0;
        }
        var span = buffer.AsSpan(0, count);
        // Around zero, not the median: a biased prediction is an error too.
        return RobustStatistics.MadToSigma * RobustStatistics.MadInPlace(span, 0.0);
    }

    /// <summary>σ of the deseasonalized noise from the MAD of differences between consecutive days with data.</summary>
    private static double DifferenceSigma(ReadOnlySpan<double> v, int from, int to, Calendar cal, WeekdayProfile profile, bool skipMonthStarts, Scratch s)
    {
        var n = 0;
        var previous = double.NaN;
        var buffer = s.A;
        for (var i = from; i <= to; i++)
        {
            if (double.IsNaN(v[i]) || (skipMonthStarts && cal.IsMonthStart(i)))
            {
                continue;
            }
            var y = profile.Deseason(v[i], cal.Weekday(i));
            if (!double.IsNaN(previous))
            {
                buffer[n++] = y - previous;
            }
            previous = y;
        }
        if (n < 3)
        {
            return 0;
        }
        var span = buffer.AsSpan(0, n);
        var median = RobustStatistics.MedianInPlace(span);
        return RobustStatistics.MadToSigma * RobustStatistics.MadInPlace(span, median) / Math.Sqrt(2);
    }

    /// <summary>What earlier first days of a month carried above what the model expected of them as ordinary days.</summary>
    private static bool MonthStartExtra(ReadOnlySpan<double> v, int lo, int t, Calendar cal, Scratch s, double[] baselines,
        out double extra, out double spread)
    {
        var n = 0;
        var extras = s.B;
        for (var m = t - 1; m >= lo; m--)
        {
            if (!cal.IsMonthStart(m) || double.IsNaN(v[m]))
            {
                continue;
            }
            var reference = baselines[m];
            if (double.IsNaN(reference))
            {
                // Too early in the series for a model: the same weekday a week either side stands in.
                double a = m - 7 >= 0 ? v[m - 7] : double.NaN, b = m + 7 < t ? v[m + 7] : double.NaN;
                reference = double.IsNaN(a) ? b : double.IsNaN(b) ? a : 0.5 * (a + b);
            }
            if (!double.IsNaN(reference))
            {
                extras[n++] = v[m] - reference;
            }
        }
        if (n == 0)
        {
            extra = spread = 0;
            return false;
        }
        var span = extras.AsSpan(0, n);
        extra = RobustStatistics.MedianInPlace(span);
        // Monthly fees move with last month's usage (support plans charge a share of it): never trust them to better than a quarter.
        spread = Math.Max(n >= 2 ? RobustStatistics.MadToSigma * RobustStatistics.MadInPlace(span, extra) : 0, FeeVariation * Math.Abs(extra));
        return true;
    }

    /// <summary>What a day's score needs that changes slowly: the weekday profile, the noise σ, the trend and the residual σ.</summary>
    private readonly record struct WeeklyState(WeekdayProfile Profile, double Noise, double Slope, double ResidualSpread, int ResidualCount)
    {
        /// <summary>The state as of day <paramref name="t"/>, from the days before it.</summary>
        public static WeeklyState Compute(ReadOnlySpan<double> v, int t, Calendar cal, DetectorOptions o, Scratch s, double[] residuals)
        {
            // Used for up to six days after t: stop six days short so that no day draws on more than HistoryDays of history.
            var lo = Math.Max(0, t - o.HistoryDays + 6);
            var profile = WeekdayProfile.From(v, t, lo, cal, o.SeasonWeeks, s);
            var noise = DifferenceSigma(v, Math.Max(lo, t - ScaleDays), t - 1, cal, profile, o.MonthStartAware, s);
            var slope = WeeklySlope(v, Math.Max(lo, t - 2 * TrendDays), t - 1, cal, profile, o.MonthStartAware, s);
            var residualSigma = ResidualSigma(residuals, Math.Max(lo, t - ScaleDays), t - 1, s, out var residualCount);
            return new WeeklyState(profile, noise, slope, residualSigma, residualCount);
        }
    }

    /// <summary>Per-thread buffers so scoring a day allocates nothing.</summary>
    private sealed class Scratch
    {
        public readonly double[] A = new double[512];
        public readonly double[] B = new double[64];
        public readonly double[] Ratios = new double[7 * 16];
        public readonly double[] Offsets = new double[7 * 16];
    }

    /// <summary>Weekday factors (or offsets) from the median of each weekday over the last weeks.</summary>
    private readonly struct WeekdayProfile
    {
        private readonly double f0, f1, f2, f3, f4, f5, f6;
        private readonly bool multiplicative;

        private WeekdayProfile(ReadOnlySpan<double> factors, bool multiplicative, bool complete = true)
        {
            (f0, f1, f2, f3, f4, f5, f6) = (factors[0], factors[1], factors[2], factors[3], factors[4], factors[5], factors[6]);
            this.multiplicative = multiplicative;
            Complete = complete;
        }

        /// <summary>False until every weekday has been seen at least once: a series is not scored before that.</summary>
        public bool Complete { get; }

        private double Factor(int weekday) => weekday switch
        {
            0 => f0, 1 => f1, 2 => f2, 3 => f3, 4 => f4, 5 => f5, _ => f6,
        };

        public double Deseason(double value, int weekday) => multiplicative ? value / Factor(weekday) : value - Factor(weekday);

        public double Reseason(double level, int weekday) => multiplicative ? level * Factor(weekday) : level + Factor(weekday);

        public double ScaleAt(double deseasonalizedSigma, int weekday) => multiplicative ? deseasonalizedSigma * Factor(weekday) : deseasonalizedSigma;

        /// <summary>
        /// Each day's ratio to (or difference from) the centred 7-day mean around it, medianed per weekday: a level shift or
        /// trend inside the window moves the centred mean with it, so it does not leak into the weekday pattern.
        /// </summary>
        public static WeekdayProfile From(ReadOnlySpan<double> v, int t, int lo, Calendar cal, int weeks, Scratch s)
        {
            var first = Math.Max(lo + 3, t - 7 * weeks);
            var last = t - 4;
            Span<int> counts = stackalloc int[7];
            var ratios = s.Ratios;
            var offsets = s.Offsets;
            var positive = true;
            for (var i = first; i <= last; i++)
            {
                if (double.IsNaN(v[i]) || cal.IsMonthStart(i))
                {
                    continue;
                }
                double sum = 0;
                var n = 0;
                for (var j = i - 3; j <= i + 3; j++)
                {
                    if (!double.IsNaN(v[j]) && !cal.IsMonthStart(j))
                    {
                        sum += v[j];
                        n++;
                    }
                }
                if (n < 5)
                {
                    continue;
                }
                var mean = sum / n;
                var d = cal.Weekday(i);
                var slot = d * 16 + counts[d];
                if (counts[d] < 16)
                {
                    positive &= mean > 0;
                    ratios[slot] = mean > 0 ? v[i] / mean : 0;
                    offsets[slot] = v[i] - mean;
                    counts[d]++;
                }
            }
            Span<double> ratio = stackalloc double[7];
            Span<double> offset = stackalloc double[7];
            for (var d = 0; d < 7; d++)
            {
                if (counts[d] == 0)
                {
                    return new WeekdayProfile([0, 0, 0, 0, 0, 0, 0], multiplicative: false, complete: false);
                }
                ratio[d] = RobustStatistics.MedianInPlace(ratios.AsSpan(d * 16, counts[d]));
                offset[d] = RobustStatistics.MedianInPlace(offsets.AsSpan(d * 16, counts[d]));
            }
            double ratioSum = 0, ratioMin = double.PositiveInfinity, offsetSum = 0;
            for (var d = 0; d < 7; d++)
            {
                ratioSum += ratio[d];
                ratioMin = Math.Min(ratioMin, ratio[d]);
                offsetSum += offset[d];
            }
            // Multiplicative when every weekday carries real spend: weekend dips scale with the level. Otherwise offsets.
            var multiplicative = positive && ratioSum > 0 && ratioMin >= 0.05 * ratioSum / 7;
            Span<double> factors = stackalloc double[7];
            for (var d = 0; d < 7; d++)
            {
                factors[d] = multiplicative ? ratio[d] / (ratioSum / 7) : offset[d] - offsetSum / 7;
            }
            return new WeekdayProfile(factors, multiplicative);
        }
    }

    /// <summary>Weekday and month-start of every index of a series, computed once per series.</summary>
    private readonly struct Calendar
    {
        private readonly int firstWeekday;
        private readonly bool[] monthStarts;
        private readonly int startDayNumber;

        public Calendar(DateOnly start, int length)
        {
            firstWeekday = (int)start.DayOfWeek;
            startDayNumber = start.DayNumber;
            monthStarts = new bool[length];
            for (var i = 0; i < length; i++)
            {
                monthStarts[i] = start.AddDays(i).Day == 1;
            }
        }

        public int Weekday(int index) => (firstWeekday + index) % 7;

        public int DayNumber(int index) => startDayNumber + index;

        public bool IsMonthStart(int index) => monthStarts[index];
    }
}
