using nietras.SeparatedValues;
using System.Globalization;
using FinOps.Core.Forecasting;

namespace FinOps.Bench.Forecasting;

/// <summary>Numenta Anomaly Benchmark files turned into daily series (mean of the day's readings).</summary>
internal static class NabSeries
{
    public static List<CostHistory> LoadDaily(string folder, int minDays)
    {
        var result = new List<CostHistory>();
        if (!Directory.Exists(folder))
        {
            return result;
        }
        foreach (var file in Directory.EnumerateFiles(folder, "*.csv", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var days = new SortedDictionary<DateOnly, (double Sum, int Count)>();
            foreach (var line in File.ReadLines(file).Skip(1))
            {
                var comma = line.IndexOf(',');
                if (comma < 10 || !DateOnly.TryParse(line.AsSpan(0, 10), CultureInfo.InvariantCulture, out var day)
                    || !double.TryParse(line.AsSpan(comma + 1), CultureInfo.InvariantCulture, out var value))
                {
                    continue;
                }
                var (sum, count) = days.GetValueOrDefault(day);
                days[day] = (sum + value, count + 1);
            }
            if (days.Count == 0)
            {
                continue;
            }
            // The first and last days are partial: drop them.
            var first = days.Keys.First().AddDays(1);
            var last = days.Keys.Last().AddDays(-1);
            var length = last.DayNumber - first.DayNumber + 1;
            if (length < minDays)
            {
                continue;
            }
            var values = new double[length];
            for (var i = 0; i < length; i++)
            {
                values[i] = days.TryGetValue(first.AddDays(i), out var d) ? d.Sum / d.Count : double.NaN;
            }
            result.Add(CostHistory.UsageOnly(Path.GetFileNameWithoutExtension(file), first, values));
        }
        return result;
    }
}

/// <summary>How many distinct charge days each real billing sample covers.</summary>
internal static class BillingSamples
{
    private static readonly (string File, string Column)[] Samples =
    [
        ("focus/focus_1.0_sample_1000.csv", "ChargePeriodStart"),
        ("aws/cur_legacy_sample-anonymous-aws-export-dataset.csv", "lineItem/UsageStartDate"),
        ("azure/EA_AmortizedCost_Small.csv", "Date"),
        ("azure/EA_ActualCost_Small.csv", "Date"),
        ("oci/oci_reports_cost-csv_0000000030000269.csv", "lineItem/intervalUsageStart"),
    ];

    public static IEnumerable<(string Name, int Days)> DaySpans(string root)
    {
        foreach (var (file, column) in Samples)
        {
            var path = Path.Combine(root, file);
            if (!File.Exists(path))
            {
                continue;
            }
            using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(path);
            var index = reader.Header.IndexOf(column);
            var days = new HashSet<string>(StringComparer.Ordinal);
            foreach (var row in reader)
            {
                var text = row[index].ToString();
                days.Add(text.Length >= 10 ? text[..10] : text);
            }
            yield return (file, days.Count);
        }
    }
}
