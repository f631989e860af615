namespace FinOps.Core.Forecasting;

/// <summary>Prediction intervals from the selected model's own rolling-origin backtest.</summary>
/// <remarks>
/// Prediction intervals from the selected model's own rolling-origin backtest: errors are divided by
/// the series' 28-day mean level at each origin (so a bill that doubled keeps proportionate intervals),
/// pooled over neighbouring horizons, and their empirical quantiles taken — no normality assumed, and
/// calibrated by construction on the recent past. Horizons the backtest could not reach grow from the
/// last well-estimated one with √h. Sums over days use the summed errors of each origin, so the
/// correlation between consecutive days' errors (a level that is off stays off) is in the interval.
/// Consecutive origins overlap, so the errors hold fewer independent draws than they count: the
/// quantile levels get split-conformal's finite-sample correction, (1 − β)(1 + 1/n), with n the
/// effective sample size (origins × 7 / (7 + horizon reached) for days, disjoint blocks for sums).
/// </remarks>
internal sealed class ErrorModel
{
    private const int MinSamples = 40;
    private const int MinSumSamples = 20;
    private readonly float[][] scaled; // [origin][h]: (actual − forecast) / level at origin; NaN when unknown
    private readonly double level;

    public ErrorModel(float[][] scaled, double level, bool nonNegative)
    {
        this.scaled = scaled;
        this.level = level;
        NonNegative = nonNegative;
    }

    public bool NonNegative { get; }

    /// <summary>Money quantiles (2.5%, 10%, 90%, 97.5%) of the error at each horizon 0..horizon-1.</summary>
    public (double Q025, double Q10, double Q90, double Q975)[] PointQuantiles(int horizon)
    {
        var result = new (double, double, double, double)[horizon];
        var backtestHorizon = scaled.Length == 0 ? 0 : scaled[0].Length;
        var lastGood = -1;
        var buffer = new List<double>(512);
        for (var h = 0; h < horizon; h++)
        {
            buffer.Clear();
            var k = Math.Max(3, h / 8);
            for (var hh = Math.Max(0, h - k); hh <= Math.Min(backtestHorizon - 1, h + k); hh++)
            {
                foreach (var row in scaled)
                {
                    if (!float.IsNaN(row[hh]))
                    {
                        buffer.Add(row[hh]);
                    }
                }
            }
            if (buffer.Count >= MinSamples && h < backtestHorizon)
            {
                var origins = scaled.Count(row => !float.IsNaN(row[h]));
                buffer.Sort();
                result[h] = ErrorDistribution.Quantiles([.. buffer], EffectiveSize(origins, h + 1), capCorrection: true);
                lastGood = h;
            }
            else if (lastGood >= 0)
            {
                var g = Math.Sqrt((h + 1.0) / (lastGood + 1.0));
                var q = result[lastGood];
                result[h] = (q.Item1 * g, q.Item2 * g, q.Item3 * g, q.Item4 * g);
            }
            else
            {
                result[h] = NormalFallback(h);
            }
        }
        for (var h = 0; h < horizon; h++)
        {
            var q = result[h];
            result[h] = (q.Item1 * level, q.Item2 * level, q.Item3 * level, q.Item4 * level);
        }
        return result;
    }

    /// <summary>Backtest errors of the sum over horizons a..b, in money; falls back to shorter sums scaled linearly (full correlation, the cautious case).</summary>
    public double[] SumErrors(int a, int b, IReadOnlyList<ForecastPoint> points)
    {
        var length = b - a + 1;
        var samples = Sums(a, length);
        if (samples.Count >= MinSumSamples)
        {
            return Finish(samples, 1, BlockCount(samples.Count, b + 1));
        }
        for (var shorter = length - 1; shorter >= 1; shorter--)
        {
            samples = Sums(0, shorter);
            if (samples.Count >= MinSumSamples)
            {
                return Finish(samples, (double)length / shorter, BlockCount(samples.Count, shorter));
            }
        }
        // Too short a backtest for sums: add up the daily intervals as if fully correlated.
        double low = 0, high = 0, mid = 0;
        for (var h = a; h <= b; h++)
        {
            low += points[h].Lower95 - points[h].Predicted;
            high += points[h].Upper95 - points[h].Predicted;
            mid += 0;
        }
        var sd = (high - low) / (2 * 1.96);
        var center = (high + low) / 2 + mid;
        return Enumerable.Range(1, 99).Select(i => center + sd * ErrorDistribution.InverseNormal(i / 100.0)).ToArray();
    }

    private List<double> Sums(int a, int length)
    {
        var sums = new List<double>();
        if (scaled.Length == 0 || a + length > scaled[0].Length)
        {
            return sums;
        }
        foreach (var row in scaled)
        {
            double s = 0;
            var complete = true;
            for (var h = a; h < a + length; h++)
            {
                if (float.IsNaN(row[h]))
                {
                    complete = false;
                    break;
                }
                s += row[h];
            }
            if (complete)
            {
                sums.Add(s);
            }
        }
        return sums;
    }

    /// <summary>Sorted money errors, stretched about their median so their 2.5–97.5% range carries the finite-sample correction.</summary>
    private double[] Finish(List<double> samples, double factor, double effectiveSize)
    {
        var result = samples.Select(s => s * factor * level).ToArray();
        Array.Sort(result);
        var median = ErrorDistribution.Quantile(result, 0.5);
        var (_, q10, q90, _) = ErrorDistribution.Quantiles(result);
        var (_, c10, c90, _) = ErrorDistribution.Quantiles(result, effectiveSize);
        var lowStretch = q10 < median ? (median - c10) / (median - q10) : 1;
        var highStretch = q90 > median ? (c90 - median) / (q90 - median) : 1;
        for (var i = 0; i < result.Length; i++)
        {
            result[i] = median + (result[i] - median) * (result[i] < median ? lowStretch : highStretch);
        }
        return result;
    }

    private static double EffectiveSize(int origins, int reach) => Math.Max(2, origins * 7.0 / (7 + reach));

    /// <summary>Sums over <paramref name="reach"/> days from consecutive origins share most of their days: count disjoint blocks.</summary>
    private static double BlockCount(int origins, int reach) => Math.Max(2, (double)origins / reach);

    /// <summary>Too few backtest errors for quantiles: a normal on the pooled errors, widened for the small sample.</summary>
    private (double, double, double, double) NormalFallback(int h)
    {
        var all = scaled.SelectMany(r => r).Where(v => !float.IsNaN(v)).Select(v => (double)v).ToArray();
        double mean = 0, sd = 0.25;
        if (all.Length >= 5)
        {
            mean = all.Average();
            sd = Math.Sqrt(all.Sum(v => (v - mean) * (v - mean)) / (all.Length - 1)) * 1.25;
        }
        var avgH = scaled.Length == 0 ? 1 : Math.Max(1, scaled[0].Length / 2.0);
        var g = Math.Sqrt(Math.Max(1, (h + 1) / avgH));
        return (mean - 1.96 * sd * g, mean - 1.2816 * sd * g, mean + 1.2816 * sd * g, mean + 1.96 * sd * g);
    }
}

/// <summary>Quantiles and exceedance probabilities of an empirical error distribution.</summary>
public static class ErrorDistribution
{
    /// <summary>The 2.5, 10, 90 and 97.5% quantiles; with <paramref name="effectiveSize"/>, each tail level is
    /// pushed out by split-conformal's finite-sample factor (1 + 1/n).</summary>
    /// <param name="capCorrection">Never move the 80% interval's tail levels more than halfway to 0 or 1, so it stays inside the 95% one at long horizons.</param>
    public static (double Q025, double Q10, double Q90, double Q975) Quantiles(double[] samples, double? effectiveSize = null, bool capCorrection = false)
    {
        var sorted = samples;
        if (!IsSorted(samples))
        {
            sorted = (double[])samples.Clone();
            Array.Sort(sorted);
        }
        var c = effectiveSize is { } n ? 1 + 1 / n : 1;
        double Upper(double p, bool cap) => Quantile(sorted, Math.Min(cap ? p + (1 - p) / 2 : 1, p * c));
        double Lower(double p, bool cap) => Quantile(sorted, Math.Max(cap ? p / 2 : 0, 1 - (1 - p) * c));
        return (Lower(0.025, false), Lower(0.10, capCorrection), Upper(0.90, capCorrection), Upper(0.975, false));
    }

    private static bool IsSorted(double[] values)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (values[i] < values[i - 1])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>Hyndman-Fan type 7 (linear interpolation), the default of R and NumPy.</summary>
    public static double Quantile(double[] sorted, double p)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }
        var x = p * (sorted.Length - 1);
        var i = (int)Math.Floor(x);
        return i + 1 < sorted.Length ? sorted[i] + (x - i) * (sorted[i + 1] - sorted[i]) : sorted[^1];
    }

    public static double ProbabilityAbove(double predicted, double[] errors, double threshold)
    {
        if (errors.Length == 0)
        {
            return predicted > threshold ? 1 : 0;
        }
        var n = errors.Length;
        var mean = errors.Average();
        var sd = Math.Sqrt(errors.Sum(e => (e - mean) * (e - mean)) / Math.Max(1, n - 1));
        var sorted = (double[])errors.Clone();
        Array.Sort(sorted);
        var iqr = Quantile(sorted, 0.75) - Quantile(sorted, 0.25);
        var spread = iqr > 0 ? Math.Min(sd, iqr / 1.34) : sd;
        var bandwidth = 0.9 * spread * Math.Pow(n, -0.2);
        double p = 0;
        foreach (var e in errors)
        {
            var margin = predicted + e - threshold;
            p += bandwidth > 0 ? NormalCdf(margin / bandwidth) : (margin > 0 ? 1 : 0);
        }
        return Math.Clamp(p / n, 0, 1);
    }

    public static double NormalCdf(double z) => 0.5 * Erfc(-z / Math.Sqrt(2));

    /// <summary>Acklam's rational approximation (relative error below 1.2e-9).</summary>
    public static double InverseNormal(double p)
    {
        double[] a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        double[] b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        double[] c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        double[] d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        if (p < 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(p));
            return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        if (p > 1 - 0.02425)
        {
            var q = Math.Sqrt(-2 * Math.Log(1 - p));
            return -(((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
        }
        var r = p - 0.5;
        var s = r * r;
        return (((((a[0] * s + a[1]) * s + a[2]) * s + a[3]) * s + a[4]) * s + a[5]) * r / (((((b[0] * s + b[1]) * s + b[2]) * s + b[3]) * s + b[4]) * s + 1);
    }

    /// <summary>Complementary error function (Numerical Recipes' erfc, fractional error below 1.2e-7).</summary>
    private static double Erfc(double x)
    {
        var z = Math.Abs(x);
        var t = 1 / (1 + 0.5 * z);
        var r = t * Math.Exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
            t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
        return x >= 0 ? r : 2 - r;
    }
}
