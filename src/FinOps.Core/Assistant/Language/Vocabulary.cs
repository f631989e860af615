using System.Text;

namespace FinOps.Core.Assistant.Language;

/// <summary>
/// One value a filter can take, as it is really in the database, with the phrases that name it
/// (normalized: lower case, punctuation as spaces).
/// </summary>
public sealed record VocabularyEntry(Dimension Dimension, string Value, string Label, string? Provider, IReadOnlyList<string> Forms,
    string? TagKey = null, IReadOnlyList<string>? AliasForms = null)
{
    /// <summary>Two entries with the same identity are the same thing named two ways.</summary>
    public string Identity => $"{Dimension}|{TagKey}|{Value}";

    public string Describe() => Dimension switch
    {
        Dimension.SubAccount => Label == Value ? $"{Provider} account {Value}" : $"{Label} ({Provider} account {Value})",
        Dimension.Service => Provider is null ? $"service {Value}" : $"{Value} ({Provider} service)",
        Dimension.ServiceCategory => $"service category {Value}",
        Dimension.Region => $"region {Value}",
        Dimension.Provider => $"provider {Value}",
        Dimension.Tag => $"tag {TagKey}={Value}",
        Dimension.InstanceType => $"instance type {Value}",
        _ => Value,
    };
}

/// <summary>The values in the database the parser matches words against, read by <see cref="VocabularyLoader"/>.</summary>
public sealed class Vocabulary
{
    public Vocabulary(IEnumerable<VocabularyEntry> entries, string dominantCurrency, IReadOnlyList<string> tagKeys, DateOnly? firstDay, DateOnly? lastDay)
    {
        Entries = entries.ToList();
        DominantCurrency = dominantCurrency;
        TagKeys = tagKeys;
        FirstDay = firstDay;
        LastDay = lastDay;
    }

    public IReadOnlyList<VocabularyEntry> Entries { get; }
    public string DominantCurrency { get; }
    public IReadOnlyList<string> TagKeys { get; }
    public DateOnly? FirstDay { get; }
    public DateOnly? LastDay { get; }

    public static Vocabulary Empty { get; } = new([], "USD", [], null, null);

    /// <summary>Lower case, every run of punctuation or spaces as one space: "Dev/Test" → "dev test", "us-east-1" → "us east 1".</summary>
    public static string NormalizeForm(string value)
    {
        var sb = new StringBuilder(value.Length);
        var space = false;
        foreach (var c in value.ToLowerInvariant())
        {
            if (char.IsLetterOrDigit(c))
            {
                sb.Append(c);
                space = false;
            }
            else if (!space && sb.Length > 0)
            {
                sb.Append(' ');
                space = true;
            }
        }
        return sb.ToString().TrimEnd();
    }
}
