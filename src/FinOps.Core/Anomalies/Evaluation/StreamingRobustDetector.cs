using FinOps.Core.Anomalies.Detection;

namespace FinOps.Core.Anomalies.Evaluation;

/// <summary>Tuning of <see cref="StreamingRobustDetector"/>.</summary>
/// <param name="Window">Points of history behind the median and MAD.</param>
/// <param name="AlarmZ">Robust z from which a point raises an alarm (and maps to score 0.5).</param>
/// <param name="SuppressPoints">After an alarm, points that are not scored: one event raises one alarm.</param>
/// <param name="ScaleFloorPercent">The scale never drops below this share of the series' mean magnitude.</param>
/// <param name="ShiftPoints">Also test the median of the last this-many points, for level shifts (0: off).</param>
public sealed record StreamingDetectorOptions(
    int Window = 400, double AlarmZ = 6, int SuppressPoints = 400, double ScaleFloorPercent = 1, int ShiftPoints = 10);

/// <summary>
/// The cost detector's robust core — a seasonal baseline (median of the same phase in the last three periods) when the
/// stream has one, a median/MAD robust z on what is left with a floored scale, a shift test on a short median, and one
/// report per event — for streams that are not daily bills: NAB's five-minute metrics have days but no weekdays or month
/// starts. Scores are in [0, 1] and causal: a point's score uses only the points before it.
/// </summary>
public static class StreamingRobustDetector
{
    public static double[] Score(ReadOnlySpan<double> values, StreamingDetectorOptions o, int period = 0)
    {
        var n = values.Length;
        // What is left after the seasonal baseline (or the value itself without a season).
        var residuals = new double[n];
        Span<double> phase = stackalloc double[3];
        for (var t = 0; t < n; t++)
        {
            if (period > 0 && t >= 3 * period)
            {
                phase[0] = values[t - period];
                phase[1] = values[t - 2 * period];
                phase[2] = values[t - 3 * period];
                residuals[t] = values[t] - RobustStatistics.MedianInPlace(phase);
            }
            else
            {
                residuals[t] = values[t];
            }
        }
        var start = period > 0 ? 3 * period : 0;

        var scores = new double[n];
        var buffer = new double[o.Window];
        var recentBuffer = new double[Math.Max(1, o.ShiftPoints)];
        var suppressUntil = -1;
        var runningAbs = 0.0;
        for (var t = 0; t < n; t++)
        {
            runningAbs += Math.Abs(values[t]);
            if (t <= suppressUntil)
            {
                continue;
            }
            var floor = Math.Max(o.ScaleFloorPercent / 100 * runningAbs / (t + 1), 1e-9);
            var z = RobustZ(residuals, Math.Max(start, t - o.Window), t, floor, o.ShiftPoints, buffer, recentBuffer);
            if (double.IsNaN(z))
            {
                continue;
            }
            scores[t] = z / (z + o.AlarmZ);
            if (z >= o.AlarmZ)
            {
                suppressUntil = t + o.SuppressPoints;
            }
        }
        return scores;
    }

    /// <summary>Robust z of point <paramref name="t"/> against the median and MAD of <paramref name="from"/>..t−1, and of its recent median (level shift).</summary>
    private static double RobustZ(ReadOnlySpan<double> series, int from, int t, double floor, int k, double[] buffer, double[] recentBuffer)
    {
        var count = t - from;
        if (count < 10)
        {
            return double.NaN;
        }
        series.Slice(from, count).CopyTo(buffer);
        var span = buffer.AsSpan(0, count);
        var median = RobustStatistics.MedianInPlace(span);
        var sigma = Math.Max(RobustStatistics.MadToSigma * RobustStatistics.MadInPlace(span, median), floor);
        var z = Math.Abs(series[t] - median) / sigma;
        if (k > 1 && count > 2 * k)
        {
            // A level shift: the median of the last k points (this one included) against the baseline, whose standard error
            // is the scale over √k (× √(π/2) for a median).
            var recent = recentBuffer.AsSpan(0, k);
            series.Slice(t - k + 1, k).CopyTo(recent);
            z = Math.Max(z, Math.Abs(RobustStatistics.MedianInPlace(recent) - median) / (sigma * Math.Sqrt(Math.PI / 2 / k)));
        }
        return z;
    }

    /// <summary>
    /// The number of points in a day when the stream repeats daily — the lag-one-day autocorrelation of its first 15% (the
    /// part NAB lets a detector learn from) is at least <paramref name="minCorrelation"/> — else 0.
    /// </summary>
    public static int DailyPeriod(IReadOnlyList<DateTime> timestamps, ReadOnlySpan<double> values, double minCorrelation = 0.5)
    {
        if (timestamps.Count < 10)
        {
            return 0;
        }
        var steps = new double[Math.Min(timestamps.Count - 1, 1000)];
        for (var i = 0; i < steps.Length; i++)
        {
            steps[i] = (timestamps[i + 1] - timestamps[i]).TotalSeconds;
        }
        var step = RobustStatistics.MedianInPlace(steps);
        if (step <= 0 || 86400 % step != 0)
        {
            return 0;
        }
        var period = (int)(86400 / step);
        var learn = (int)Math.Min(Math.Floor(0.15 * values.Length), 750);
        learn = Math.Max(learn, Math.Min(values.Length, 3 * period));
        if (learn < 2 * period + 10)
        {
            return 0;
        }
        var sample = values[..learn];
        var mean = 0.0;
        foreach (var v in sample)
        {
            mean += v;
        }
        mean /= learn;
        double num = 0, den = 0;
        for (var i = 0; i < learn; i++)
        {
            den += (sample[i] - mean) * (sample[i] - mean);
            if (i >= period)
            {
                num += (sample[i] - mean) * (sample[i - period] - mean);
            }
        }
        return den > 0 && num / den >= minCorrelation ? period : 0;
    }
}
