using System.Globalization;
using nietras.SeparatedValues;

namespace FinOps.Tests.Integration.Ingestion;

/// <summary>
/// Expected totals computed straight from a source CSV with an independent reader (Sep), so the tests do
/// not check the engine against itself.
/// </summary>
public static class SourceTotals
{
    public static Dictionary<(DateOnly Day, string? SubAccount, string? Service), decimal> Sum(
        string path, string dayColumn, string? subAccountColumn, string? serviceColumn, Func<IReadOnlyDictionary<string, string>, decimal> cost,
        Func<string, DateOnly>? parseDay = null)
    {
        parseDay ??= ParseDay;
        var totals = new Dictionary<(DateOnly, string?, string?), decimal>();
        foreach (var row in Rows(path))
        {
            var key = (parseDay(row[dayColumn]), Null(row, subAccountColumn), Null(row, serviceColumn));
            totals[key] = totals.GetValueOrDefault(key) + cost(row);
        }
        return totals;
    }

    public static List<Dictionary<string, string>> Rows(string path)
    {
        using var reader = Sep.Reader(o => o with { Unescape = true }).FromFile(path);
        var names = reader.Header.ColNames.Select(n => n.TrimStart('\uFEFF')).ToArray();
        var rows = new List<Dictionary<string, string>>();
        foreach (var row in reader)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < names.Length; i++)
            {
                values[names[i]] = row[i].ToString();
            }
            rows.Add(values);
        }
        return rows;
    }

    public static decimal Dec(string value) =>
        value is "" or "NULL" ? 0m : decimal.Parse(value, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static string? Null(IReadOnlyDictionary<string, string> row, string? column) =>
        column is null || row[column] is "" or "NULL" ? null : row[column];

    public static DateOnly ParseDay(string value)
    {
        if (value.Contains('/'))
        {
            return DateOnly.FromDateTime(DateTime.ParseExact(value, "M/d/yyyy", CultureInfo.InvariantCulture));
        }
        var v = value.Replace(" UTC", "Z");
        return DateOnly.FromDateTime(DateTimeOffset.Parse(v, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal).UtcDateTime);
    }

    /// <summary>Asserts the engine's totals equal the source's for every key, to the cent and exactly.</summary>
    public static void AssertEqual(
        Dictionary<(DateOnly Day, string? SubAccount, string? Service), decimal> expected,
        Dictionary<(DateOnly Day, string? SubAccount, string? Service), decimal> actual)
    {
        Assert.Equal(expected.Keys.OrderBy(k => k.ToString()), actual.Keys.OrderBy(k => k.ToString()));
        foreach (var (key, value) in expected)
        {
            Assert.True(Math.Round(value, 2) == Math.Round(actual[key], 2) && value == actual[key],
                $"{key}: expected {value}, loaded {actual[key]}");
        }
    }
}
