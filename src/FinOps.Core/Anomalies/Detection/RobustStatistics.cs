namespace FinOps.Core.Anomalies.Detection;

/// <summary>
/// Medians and median absolute deviations over small spans, in place and allocation-free: the detector
/// calls them millions of times per run, so they select rather than sort.
/// </summary>
public static class RobustStatistics
{
    /// <summary>1 / Φ⁻¹(3/4): scales a MAD to the standard deviation of a normal distribution.</summary>
    public const double MadToSigma = 1.4826;

    /// <summary>The median of <paramref name="values"/>; reorders the span. NaN for an empty span.</summary>
    public static double MedianInPlace(Span<double> values)
    {
        var n = values.Length;
        if (n == 0)
        {
            return double.NaN;
        }
        if (n <= 12)
        {
            InsertionSort(values);
            return (n & 1) == 1 ? values[n / 2] : 0.5 * (values[n / 2 - 1] + values[n / 2]);
        }
        var upper = Select(values, n / 2);
        if ((n & 1) == 1)
        {
            return upper;
        }
        // After selecting the upper middle, everything left of it is smaller: the lower middle is their maximum.
        var lower = double.NegativeInfinity;
        for (var i = 0; i < n / 2; i++)
        {
            lower = Math.Max(lower, values[i]);
        }
        return 0.5 * (lower + upper);
    }

    /// <summary>Median absolute deviation around <paramref name="center"/>; overwrites the span.</summary>
    public static double MadInPlace(Span<double> values, double center)
    {
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = Math.Abs(values[i] - center);
        }
        return MedianInPlace(values);
    }

    private static void InsertionSort(Span<double> a)
    {
        for (var i = 1; i < a.Length; i++)
        {
            var v = a[i];
            var j = i - 1;
            while (j >= 0 && a[j] > v)
            {
                a[j + 1] = a[j];
                j--;
            }
            a[j + 1] = v;
        }
    }

    /// <summary>Hoare's selection: the k-th smallest value, with the span partitioned around it.</summary>
    private static double Select(Span<double> a, int k)
    {
        int left = 0, right = a.Length - 1;
        while (right > left)
        {
            // Median of three keeps sorted or constant spans from degrading to quadratic time.
            var mid = left + ((right - left) >> 1);
            if (a[mid] < a[left]) (a[mid], a[left]) = (a[left], a[mid]);
            if (a[right] < a[left]) (a[right], a[left]) = (a[left], a[right]);
            if (a[right] < a[mid]) (a[right], a[mid]) = (a[mid], a[right]);
            var pivot = a[mid];
            int i = left, j = right;
            while (i <= j)
            {
                while (a[i] < pivot) i++;
                while (a[j] > pivot) j--;
                if (i <= j)
                {
                    (a[i], a[j]) = (a[j], a[i]);
                    i++;
                    j--;
                }
            }
            if (k <= j) right = j;
            else if (k >= i) left = i;
            else return a[k];
        }
        return a[k];
    }
}
