namespace FinOps.Core.Assistant.Language;

/// <summary>The fixed words of the grammar: fillers, numbers, months and the nouns that name dimensions.</summary>
internal static class Lexicon
{
    /// <summary>Words that carry no meaning of their own in a cost question; consumed last.</summary>
    public static readonly HashSet<string> Fillers = new(StringComparer.Ordinal)
    {
        "what", "whats", "how", "much", "did", "do", "does", "we", "our", "ours", "us", "i", "me", "my", "you", "your", "show", "list", "give",
        "tell", "get", "display", "find", "see", "please", "is", "are", "was", "were", "be", "been", "being", "the", "a", "an", "of", "on", "in",
        "for", "at", "to", "with", "and", "all", "total", "overall", "spend", "spent", "spending", "spends", "cost", "costs", "costing", "charges",
        "charged", "bill", "bills", "billing", "amount", "money", "pay", "paid", "paying", "there", "it", "its", "that", "which", "who", "whom",
        "have", "has", "had", "can", "could", "would", "will", "any", "so", "far", "by", "per", "each", "every", "across", "up", "out", "about",
        "breakdown", "broken", "down", "split", "grouped", "group", "during", "within", "over", "expenses", "expense", "expenditure",
        "from", "into", "than", "this", "these", "those", "them", "they", "their", "sum", "summed", "value", "values", "figure", "figures", "number",
        "numbers", "now", "currently", "current", "period", "cloud", "clouds", "everything", "accounts", "please", "just", "only", "like", "let",
        "know", "look", "looking", "was", "used", "using", "use", "run", "running", "ran", "been", "come", "came", "go", "went", "gone", "being",
        "where", "why", "when", "if", "as", "er", "um", "hey", "hi", "ok", "okay", "thanks", "thank", "exactly", "roughly", "approximately", "report",
        "data", "information", "info", "details", "detail", "items", "item", "rows", "table", "chart", "graph", "plot", "?", "!", "'", "\"",
        "detected", "found", "flagged", "raised", "reported", "seen", "happened", "occurred", "happen", "there", "right", "recently", "recent", "latest",
        "currently", "our", "company", "organization", "org", "whole", "entire", "altogether", "combined", "together", "it", "respectively",
    };

    /// <summary>Words too common in service and account names to pick one out by themselves.</summary>
    public static readonly HashSet<string> Generic = new(StringComparer.Ordinal)
    {
        "amazon", "aws", "azure", "microsoft", "google", "cloud", "service", "services", "simple", "web", "the", "and", "of", "for", "plan",
        "business", "database", "databases", "storage", "compute", "engine", "instance", "instances", "virtual", "machines", "machine",
        "account", "accounts", "project", "subscription", "prod", "production", "dev", "test", "staging", "data", "support", "managed", "disks",
    };

    public static readonly Dictionary<string, int> NumberWords = new(StringComparer.Ordinal)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
        ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["fifteen"] = 15, ["twenty"] = 20, ["thirty"] = 30, ["fifty"] = 50, ["hundred"] = 100,
    };

    public static readonly Dictionary<string, int> Months = new(StringComparer.Ordinal)
    {
        ["january"] = 1, ["jan"] = 1, ["february"] = 2, ["feb"] = 2, ["march"] = 3, ["mar"] = 3, ["april"] = 4, ["apr"] = 4, ["may"] = 5,
        ["june"] = 6, ["jun"] = 6, ["july"] = 7, ["jul"] = 7, ["august"] = 8, ["aug"] = 8, ["september"] = 9, ["sep"] = 9, ["sept"] = 9,
        ["october"] = 10, ["oct"] = 10, ["november"] = 11, ["nov"] = 11, ["december"] = 12, ["dec"] = 12,
    };

    /// <summary>A token's integer value: digits or a number word.</summary>
    public static int? Integer(Token t)
    {
        if (t.Kind == TokenKind.Number && t.Number is { } n && n == decimal.Truncate(n) && n is > 0 and < 100_000)
        {
            return (int)n;
        }
        return NumberWords.TryGetValue(t.Text, out var w) ? w : null;
    }

    /// <summary>Singular form of a simple English plural (services → service, categories → category).</summary>
    public static string Singular(string word) =>
        word.EndsWith("ies", StringComparison.Ordinal) && word.Length > 4 ? word[..^3] + "y"
        : word.EndsWith("ses", StringComparison.Ordinal) && word.Length > 4 ? word[..^2]
        : word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) && word.Length > 3 ? word[..^1]
        : word;
}
