namespace FinOps.Core.Ingestion.Formats;

/// <summary>
/// Column lookup that ignores case and punctuation, so one name finds a column however the exporter
/// spells it: <c>lineItem/UnblendedCost</c> (CUR), <c>line_item_unblended_cost</c> (CUR 2.0),
/// <c>CostInBillingCurrency</c> / <c>costInBillingCurrency</c> (Azure EA / MCA), <c>service.description</c>
/// / <c>service_description</c> (GCP).
/// </summary>
internal sealed class HeaderIndex
{
    private readonly Dictionary<string, int> byKey = new(StringComparer.Ordinal);

    public HeaderIndex(IReadOnlyList<string> names)
    {
        Names = names;
        for (var i = 0; i < names.Count; i++)
        {
            byKey.TryAdd(Normalize(names[i]), i);
        }
    }

    public IReadOnlyList<string> Names { get; }

    public int Count => Names.Count;

    public static string Normalize(string name)
    {
        Span<char> buffer = name.Length <= 256 ? stackalloc char[name.Length] : new char[name.Length];
        var n = 0;
        foreach (var c in name)
        {
            if (char.IsLetterOrDigit(c))
            {
                buffer[n++] = char.ToLowerInvariant(c);
            }
        }
        return new string(buffer[..n]);
    }

    /// <summary>Index of the first of <paramref name="names"/> present, or -1.</summary>
    public int Find(params ReadOnlySpan<string> names)
    {
        foreach (var name in names)
        {
            if (byKey.TryGetValue(Normalize(name), out var i))
            {
                return i;
            }
        }
        return -1;
    }

    public bool Has(params ReadOnlySpan<string> names) => Find(names) >= 0;

    /// <summary>The header's own spelling of column <paramref name="index"/>.</summary>
    public string NameOf(int index) => index >= 0 && index < Names.Count ? Names[index] : "";

    /// <summary>Columns whose name starts with <paramref name="prefix"/> (exact, case-insensitive), with the rest of the name.</summary>
    public IEnumerable<(int Index, string Suffix)> WithPrefix(string prefix)
    {
        for (var i = 0; i < Names.Count; i++)
        {
            if (Names[i].StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && Names[i].Length > prefix.Length)
            {
                yield return (i, Names[i][prefix.Length..]);
            }
        }
    }
}
