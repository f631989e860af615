namespace FinOps.Core.Forecasting.Models;

/// <summary>
/// The Theta method (Assimakopoulos and Nikolopoulos; Hyndman and Billah's SES-with-drift form), the
/// M3/M4 benchmark that beats naive forecasts: deseasonalise by classical weekly decomposition when the
/// lag-7 autocorrelation is significant, forecast with simple exponential smoothing plus half the
/// linear-trend slope, reseasonalise. The slope is taken over the last 26 weeks rather than the whole
/// history, because bills change regime (migrations, new services) and a year-old drift misleads.
/// </summary>
public sealed class ThetaModel : IForecastModel
{
    public const string ModelName = "theta";
    private const int M = 7;
    private const int SlopeWindow = 182;

    public string Name => ModelName;

    public void Predict(ModelInput input, int fitEnd, int first, int last, int horizon, double[][] output)
    {
        var y = input.Values;
        var (indices, multiplicative) = SeasonalIndices(y, fitEnd);
        var x = new double[y.Length];
        for (var t = 0; t < y.Length; t++)
        {
            x[t] = multiplicative ? y[t] / indices[t % M] : y[t] - indices[t % M];
        }
        var alpha = FitAlpha(x, fitEnd);
        var level = x[0];
        for (var t = 0; t <= last; t++)
        {
            if (t >= first)
            {
                var n = Math.Max(1, t);
                var slope = Slope(x, Math.Max(0, t - SlopeWindow), t);
                var drift = (1 / alpha) - Math.Pow(1 - alpha, n) / alpha;
                var row = output[t - first];
                for (var h = 0; h < horizon; h++)
                {
                    var deseasonalised = level + 0.5 * slope * (h + drift);
                    row[h] = multiplicative ? deseasonalised * indices[(t + h) % M] : deseasonalised + indices[(t + h) % M];
                }
            }
            if (t < x.Length && t < last && t > 0)
            {
                level += alpha * (x[t] - level);
            }
        }
    }

    /// <summary>Classical decomposition over the fit window: centred 7-day average, mean ratio (or difference) per weekday.</summary>
    internal static (double[] Indices, bool Multiplicative) SeasonalIndices(double[] y, int fitEnd)
    {
        var none = (Enumerable.Repeat(1.0, M).ToArray(), true);
        if (fitEnd < 3 * M || !IsSeasonal(y, fitEnd))
        {
            return none;
        }
        var multiplicative = true;
        for (var t = 0; t < fitEnd; t++)
        {
            if (y[t] <= 0)
            {
                multiplicative = false;
                break;
            }
        }
        var sums = new double[M];
        var counts = new int[M];
        double window = 0;
        for (var t = 0; t < M; t++)
        {
            window += y[t];
        }
        // A centred 7-day moving average at t = 3 .. fitEnd - 4.
        for (var t = 3; t + 3 < fitEnd; t++)
        {
            if (t > 3)
            {
                window += y[t + 3] - y[t - 4];
            }
            var ma = window / M;
            if (multiplicative && ma <= 0)
            {
                continue;
            }
            sums[t % M] += multiplicative ? y[t] / ma : y[t] - ma;
            counts[t % M]++;
        }
        var indices = new double[M];
        for (var i = 0; i < M; i++)
        {
            indices[i] = counts[i] > 0 ? sums[i] / counts[i] : (multiplicative ? 1 : 0);
        }
        var mean = indices.Average();
        for (var i = 0; i < M; i++)
        {
            indices[i] = multiplicative ? indices[i] / mean : indices[i] - mean;
        }
        return (indices, multiplicative);
    }

    /// <summary>The textbook test: lag-7 autocorrelation beyond 1.645 standard errors (Bartlett).</summary>
    private static bool IsSeasonal(double[] y, int n)
    {
        double mean = 0;
        for (var t = 0; t < n; t++)
        {
            mean += y[t];
        }
        mean /= n;
        double c0 = 0;
        for (var t = 0; t < n; t++)
        {
            c0 += (y[t] - mean) * (y[t] - mean);
        }
        if (c0 <= 0)
        {
            return false;
        }
        var acf = new double[M + 1];
        for (var k = 1; k <= M; k++)
        {
            double c = 0;
            for (var t = k; t < n; t++)
            {
                c += (y[t] - mean) * (y[t - k] - mean);
            }
            acf[k] = c / c0;
        }
        double sum = 0;
        for (var k = 1; k < M; k++)
        {
            sum += acf[k] * acf[k];
        }
        return Math.Abs(acf[M]) > 1.645 * Math.Sqrt((1 + 2 * sum) / n);
    }

    private static double FitAlpha(double[] x, int fitEnd)
    {
        if (fitEnd < 8)
        {
            return 0.3;
        }
        double Sse(double alpha)
        {
            var level = x[0];
            double sse = 0;
            for (var t = 1; t < fitEnd; t++)
            {
                var e = x[t] - level;
                sse += e * e;
                level += alpha * e;
            }
            return sse;
        }
        // Golden-section search: SES's squared error is unimodal enough in alpha for this.
        double a = 0.01, b = 0.99;
        var g = (Math.Sqrt(5) - 1) / 2;
        double c = b - g * (b - a), d = a + g * (b - a);
        double fc = Sse(c), fd = Sse(d);
        for (var i = 0; i < 30; i++)
        {
            if (fc < fd)
            {
                (b, d, fd) = (d, c, fc);
                c = b - g * (b - a);
                fc = Sse(c);
            }
            else
            {
                (a, c, fc) = (c, d, fd);
                d = a + g * (b - a);
                fd = Sse(d);
            }
        }
        return (a + b) / 2;
    }

    private static double Slope(double[] x, int from, int to)
    {
        var n = to - from;
        if (n < 2)
        {
            return 0;
        }
        double st = 0, sx = 0, stt = 0, stx = 0;
        for (var t = from; t < to; t++)
        {
            double u = t - from;
            st += u;
            sx += x[t];
            stt += u * u;
            stx += u * x[t];
        }
        var denominator = n * stt - st * st;
        return denominator == 0 ? 0 : (n * stx - st * sx) / denominator;
    }
}
