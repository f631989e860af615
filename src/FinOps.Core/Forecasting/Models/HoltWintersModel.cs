namespace FinOps.Core.Forecasting.Models;

/// <summary>
/// ETS(A,Ad,A): additive Holt-Winters with a damped trend and weekly seasonality, in error-correction
/// form. The damped trend keeps a 90-day forecast from running away on a few weeks of growth.
/// Parameters minimise the one-step squared error (Nelder-Mead over a bounded reparametrisation).
/// </summary>
public sealed class HoltWintersModel : IForecastModel
{
    public const string ModelName = "ets_damped";
    private const int M = 7;

    public string Name => ModelName;

    public void Predict(ModelInput input, int fitEnd, int first, int last, int horizon, double[][] output)
    {
        var y = input.Values;
        var p = Fit(y, fitEnd);
        var s = new double[M];
        var (l, b) = Initialise(y, s);
        var phiSums = new double[horizon];
        double acc = 0, pw = 1;
        for (var h = 0; h < horizon; h++)
        {
            pw *= p.Phi;
            acc += pw;
            phiSums[h] = acc;
        }
        for (var t = 0; t <= last; t++)
        {
            if (t >= first)
            {
                var row = output[t - first];
                for (var h = 0; h < horizon; h++)
                {
                    row[h] = l + phiSums[h] * b + s[(t + h) % M];
                }
            }
            if (t < y.Length && t < last)
            {
                Step(y[t], t, ref l, ref b, s, p);
            }
        }
    }

    internal readonly record struct Parameters(double Alpha, double Beta, double Gamma, double Phi);

    private static void Step(double value, int t, ref double l, ref double b, double[] s, Parameters p)
    {
        var e = value - (l + p.Phi * b + s[t % M]);
        l = l + p.Phi * b + p.Alpha * e;
        b = p.Phi * b + p.Beta * e;
        s[t % M] += p.Gamma * e;
    }

    private static (double Level, double Trend) Initialise(double[] y, double[] s)
    {
        var n = Math.Min(y.Length, M);
        double first = 0;
        for (var i = 0; i < n; i++)
        {
            first += y[i];
        }
        first /= Math.Max(1, n);
        double trend = 0;
        if (y.Length >= 2 * M)
        {
            double second = 0;
            for (var i = M; i < 2 * M; i++)
            {
                second += y[i];
            }
            trend = (second / M - first) / M;
        }
        for (var i = 0; i < M; i++)
        {
            // Week-one deviations from its own (trend-corrected) mean: the initial weekday effects.
            s[i] = i < n ? y[i] - (first + trend * (i - (M - 1) / 2.0)) : 0;
        }
        // The first level sits before t = 0: back it off by half a week of trend.
        return (first - trend * ((M + 1) / 2.0), trend);
    }

    internal static Parameters Fit(double[] y, int fitEnd)
    {
        if (fitEnd < 3 * M)
        {
            return new Parameters(0.3, 0.01, 0.1, 0.9);
        }
        double Loss(double[] x)
        {
            var p = Map(x);
            var s = new double[M];
            var (l, b) = Initialise(y, s);
            double sse = 0;
            for (var t = 0; t < fitEnd; t++)
            {
                var e = y[t] - (l + p.Phi * b + s[t % M]);
                if (t >= M)
                {
                    sse += e * e;
                }
                l = l + p.Phi * b + p.Alpha * e;
                b = p.Phi * b + p.Beta * e;
                s[t % M] += p.Gamma * e;
            }
            return double.IsFinite(sse) ? sse : double.MaxValue;
        }
        var best = NelderMead.Minimise(Loss, [Logit(0.3), Logit(0.05), Logit(0.1), Logit(0.5)], step: 1.0, maxEvaluations: 160);
        return Map(best);
    }

    private static Parameters Map(double[] x)
    {
        var alpha = 0.01 + 0.98 * Sigmoid(x[0]);
        var beta = alpha * 0.5 * Sigmoid(x[1]);
        var gamma = (1 - alpha) * 0.8 * Sigmoid(x[2]);
        var phi = 0.80 + 0.18 * Sigmoid(x[3]);
        return new Parameters(alpha, beta, gamma, phi);
    }

    private static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));

    private static double Logit(double p) => Math.Log(p / (1 - p));
}

/// <summary>Derivative-free minimiser for the few smoothing parameters of the exponential smoothing models.</summary>
internal static class NelderMead
{
    public static double[] Minimise(Func<double[], double> f, double[] start, double step, int maxEvaluations)
    {
        var n = start.Length;
        var simplex = new double[n + 1][];
        var values = new double[n + 1];
        for (var i = 0; i <= n; i++)
        {
            simplex[i] = (double[])start.Clone();
            if (i > 0)
            {
                simplex[i][i - 1] += step;
            }
            values[i] = f(simplex[i]);
        }
        var evaluations = n + 1;
        var centroid = new double[n];
        while (evaluations < maxEvaluations)
        {
            Array.Sort(values, simplex);
            if (Math.Abs(values[n] - values[0]) <= 1e-10 * (Math.Abs(values[0]) + 1e-12))
            {
                break;
            }
            Array.Clear(centroid);
            for (var i = 0; i < n; i++)
            {
                for (var j = 0; j < n; j++)
                {
                    centroid[j] += simplex[i][j] / n;
                }
            }
            double[] Along(double t) => centroid.Select((c, j) => c + t * (simplex[n][j] - c)).ToArray();
            var reflected = Along(-1);
            var fr = f(reflected);
            evaluations++;
            if (fr < values[0])
            {
                var expanded = Along(-2);
                var fe = f(expanded);
                evaluations++;
                (simplex[n], values[n]) = fe < fr ? (expanded, fe) : (reflected, fr);
            }
            else if (fr < values[n - 1])
            {
                (simplex[n], values[n]) = (reflected, fr);
            }
            else
            {
                var contracted = fr < values[n] ? Along(-0.5) : Along(0.5);
                var fc = f(contracted);
                evaluations++;
                if (fc < Math.Min(fr, values[n]))
                {
                    (simplex[n], values[n]) = (contracted, fc);
                }
                else
                {
                    for (var i = 1; i <= n; i++)
                    {
                        for (var j = 0; j < n; j++)
                        {
                            simplex[i][j] = simplex[0][j] + 0.5 * (simplex[i][j] - simplex[0][j]);
                        }
                        values[i] = f(simplex[i]);
                        evaluations++;
                    }
                }
            }
        }
        var bestIndex = Array.IndexOf(values, values.Min());
        return simplex[bestIndex];
    }
}
