using System.Text.RegularExpressions;

namespace FinOps.Tests.Integration.Observability;

/// <summary>Metric names in Prometheus' text format and in PromQL expressions.</summary>
public static partial class MetricNames
{
    /// <summary>Every sample name of a <c>/metrics</c> page (<c>x_bucket</c>, <c>x_sum</c>, <c>x_count</c> included).</summary>
    public static IEnumerable<string> InExposition(string text) =>
        text.Split('\n')
            .Where(l => l.Length > 0 && l[0] != '#')
            .Select(l => SampleName().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Value);

    /// <summary>
    /// The metric names a PromQL expression reads: identifiers that are not functions, keywords, label
    /// names (inside braces or by/without/on lists) nor template variables.
    /// </summary>
    public static IEnumerable<string> InPromQl(string expr)
    {
        var stripped = StringLiteral().Replace(expr, "\"\"");
        stripped = Braces().Replace(stripped, "{}");
        stripped = Grouping().Replace(stripped, " ");
        stripped = RangeOrOffset().Replace(stripped, " ");
        stripped = TemplateVariable().Replace(stripped, " ");
        foreach (Match m in Identifier().Matches(stripped))
        {
            var rest = stripped[(m.Index + m.Length)..].TrimStart();
            if (rest.StartsWith('(') || Keywords.Contains(m.Value) || double.TryParse(m.Value, out _))
            {
                continue;
            }
            yield return m.Value;
        }
    }

    private static readonly HashSet<string> Keywords =
    [
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset", "inf", "nan", "Inf", "NaN",
    ];

    [GeneratedRegex(@"^[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex SampleName();

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\[[^\]]*\]|\boffset\s+-?[0-9a-z]+")]
    private static partial Regex RangeOrOffset();

    [GeneratedRegex(@"\$\{?[A-Za-z_][A-Za-z0-9_]*\}?")]
    private static partial Regex TemplateVariable();

    [GeneratedRegex(@"(?<![A-Za-z0-9_:.])[a-zA-Z_:][a-zA-Z0-9_:]*")]
    private static partial Regex Identifier();
}
