namespace FinOps.Core.Forecasting.Models;

/// <summary>
/// A robust line plus weekday effects over the last eight weeks: Huber-weighted least squares for the
/// trend, medians for the weekday offsets, so a one-off charge or a single bad day barely moves it.
/// The slope is damped (0.99 per day) because a straight line drawn 90 days ahead from eight weeks of
/// data is exactly the "wild line" a forecast must not show.
/// </summary>
public sealed class RobustTrendModel : IForecastModel
{
    public const string ModelName = "robust_trend";
    private const int M = 7;
    private const int Window = 56;
    private const double Damping = 0.99;

    public string Name => ModelName;

    public void Predict(ModelInput input, int fitEnd, int first, int last, int horizon, double[][] output)
    {
        var y = input.Values;
        var damped = new double[horizon];
        double acc = 0, pw = 1;
        for (var h = 0; h < horizon; h++)
        {
            acc += pw;
            pw *= Damping;
            damped[h] = acc;
        }
        var weekday = new double[M];
        var bucket = new double[Window];
        for (var o = first; o <= last; o++)
        {
            var from = Math.Max(0, o - Window);
            var n = o - from;
            var row = output[o - first];
            if (n < 2)
            {
                Array.Fill(row, n == 1 ? y[from] : 0);
                continue;
            }
            Array.Clear(weekday);
            var (a, b) = HuberLine(y, from, o, weekday);
            if (n >= 2 * M)
            {
                for (var d = 0; d < M; d++)
                {
                    var count = 0;
                    for (var t = from + ((d - from % M + M) % M); t < o; t += M)
                    {
                        bucket[count++] = y[t] - (a + b * (t - from));
                    }
                    weekday[d] = Median(bucket, count);
                }
                var mean = weekday.Average();
                for (var d = 0; d < M; d++)
                {
                    weekday[d] -= mean;
                }
                (a, b) = HuberLine(y, from, o, weekday);
            }
            var end = a + b * (n - 1);
            for (var h = 0; h < horizon; h++)
            {
                row[h] = end + b * damped[h] + weekday[(o + h) % M];
            }
        }
    }

    /// <summary>IRLS with Huber weights (k = 1.345 robust sigmas) on the weekday-adjusted values.</summary>
    private static (double A, double B) HuberLine(double[] y, int from, int to, double[] weekday)
    {
        var n = to - from;
        double a = 0, b = 0;
        Span<double> abs = n <= 512 ? stackalloc double[n] : new double[n];
        for (var iteration = 0; iteration < 4; iteration++)
        {
            double sigma = 0;
            if (iteration > 0)
            {
                for (var i = 0; i < n; i++)
                {
                    abs[i] = Math.Abs(y[from + i] - weekday[(from + i) % M] - (a + b * i));
                }
                abs.Sort();
                sigma = 1.4826 * (n % 2 == 1 ? abs[n / 2] : (abs[n / 2 - 1] + abs[n / 2]) / 2);
            }
            double sw = 0, st = 0, sz = 0, stt = 0, stz = 0;
            for (var i = 0; i < n; i++)
            {
                var z = y[from + i] - weekday[(from + i) % M];
                var w = 1.0;
                if (sigma > 0)
                {
                    var r = Math.Abs(z - (a + b * i)) / sigma;
                    w = r <= 1.345 ? 1 : 1.345 / r;
                }
                sw += w;
                st += w * i;
                sz += w * z;
                stt += w * i * i;
                stz += w * i * z;
            }
            var denominator = sw * stt - st * st;
            b = denominator == 0 ? 0 : (sw * stz - st * sz) / denominator;
            a = (sz - b * st) / sw;
        }
        return (a, b);
    }

    private static double Median(double[] values, int count)
    {
        if (count == 0)
        {
            return 0;
        }
        var span = values.AsSpan(0, count);
        span.Sort();
        return count % 2 == 1 ? span[count / 2] : (span[count / 2 - 1] + span[count / 2]) / 2;
    }
}
