using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace FinOps.Core.Assistant.Language;

public enum TokenKind { Word, Number, Money, Percent, Date, YearMonth, Symbol }

/// <summary>One token of a question; recognizers mark the tokens they use so nothing is read twice or ignored.</summary>
public sealed class Token(TokenKind kind, string text, decimal? number = null)
{
    public TokenKind Kind { get; } = kind;
    /// <summary>Lower-cased, normalized text.</summary>
    public string Text { get; } = text;
    public decimal? Number { get; } = number;
    public bool Consumed { get; set; }

    public bool Is(string word) => Text == word;

    public bool IsAny(params ReadOnlySpan<string> words)
    {
        foreach (var w in words)
        {
            if (Text == w)
            {
                return true;
            }
        }
        return false;
    }

    public override string ToString() => Text;
}

/// <summary>
/// Normalizes a question (NFKC, no invisible characters, ASCII dashes and quotes, lower case) and cuts it
/// into tokens. Homoglyphs from other scripts survive normalization as letters that match nothing, so a
/// disguised word is never read as the word it imitates.
/// </summary>
public static partial class QuestionText
{
    public static string Normalize(string question)
    {
        var s = question.Normalize(NormalizationForm.FormKC);
        var sb = new StringBuilder(s.Length);
        foreach (var c in s)
        {
            if (Sql.SqlGuard.IsInvisible(c))
            {
                sb.Append(c is '\t' or '\n' or '\r' ? ' ' : '\0');
                continue;
            }
            sb.Append(c switch
            {
                '\u2010' or '\u2011' or '\u2012' or '\u2013' or '\u2014' or '\u2015' or '\u2212' => '-',
                '\u2018' or '\u2019' or '\u201B' or '`' => '\'',
                '\u201C' or '\u201D' => '"',
                _ => char.ToLowerInvariant(c),
            });
        }
        return Whitespace().Replace(sb.ToString().Replace("\0", ""), " ").Trim();
    }

    public static List<Token> Tokenize(string normalized)
    {
        var text = Possessive().Replace(normalized, "$1");
        text = Contraction().Replace(text, "$1 is");
        var tokens = new List<Token>();
        foreach (Match m in TokenPattern().Matches(text))
        {
            var t = m.Value;
            if (m.Groups["date"].Success)
            {
                tokens.Add(new Token(TokenKind.Date, t));
            }
            else if (m.Groups["ym"].Success)
            {
                tokens.Add(new Token(TokenKind.YearMonth, t));
            }
            else if (m.Groups["money"].Success)
            {
                tokens.Add(new Token(TokenKind.Money, t, ParseAmount(m.Groups["amount"].Value, m.Groups["suffix"].Value)));
            }
            else if (m.Groups["num"].Success)
            {
                var value = ParseAmount(m.Groups["n"].Value, m.Groups["nsuffix"].Value);
                tokens.Add(m.Groups["pct"].Success
                    ? new Token(TokenKind.Percent, t, value)
                    : new Token(TokenKind.Number, t, value));
            }
            else if (m.Groups["word"].Success)
            {
                AddWord(tokens, t.TrimEnd('.', ':', '-', '/'));
            }
            else
            {
                tokens.Add(new Token(TokenKind.Symbol, t));
            }
        }
        return tokens;
    }

    /// <summary><c>team=payments</c> and <c>team:payments</c> become three tokens; ids like <c>arn:aws:…</c> stay whole.</summary>
    private static void AddWord(List<Token> tokens, string word)
    {
        if (word.Length == 0)
        {
            return;
        }
        var eq = word.IndexOf('=');
        var m = eq > 0 ? null : KeyColonValue().Match(word);
        if (eq > 0 && eq < word.Length - 1)
        {
            tokens.Add(new Token(TokenKind.Word, word[..eq]));
            tokens.Add(new Token(TokenKind.Symbol, "="));
            tokens.Add(new Token(TokenKind.Word, word[(eq + 1)..]));
        }
        else if (m is { Success: true })
        {
            tokens.Add(new Token(TokenKind.Word, m.Groups[1].Value));
            tokens.Add(new Token(TokenKind.Symbol, "="));
            tokens.Add(new Token(TokenKind.Word, m.Groups[2].Value));
        }
        else
        {
            tokens.Add(new Token(TokenKind.Word, word.TrimEnd('=')));
        }
    }

    private static decimal? ParseAmount(string digits, string suffix)
    {
        if (!decimal.TryParse(digits.Replace(",", ""), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value))
        {
            return null;
        }
        return suffix switch
        {
            "k" => value * 1000m,
            "m" => value * 1_000_000m,
            _ => value,
        };
    }

    /// <summary>The text of a token span as the user wrote it (normalized), for messages and <c>understood</c>.</summary>
    public static string Join(IEnumerable<Token> tokens) => string.Join(' ', tokens.Select(t => t.Text));

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();

    [GeneratedRegex(@"(\w)'s\b")]
    private static partial Regex Possessive();

    [GeneratedRegex(@"\b(what|where|how|who|that|it|there)'s\b")]
    private static partial Regex Contraction();

    [GeneratedRegex(@"^([a-z][a-z_]*):([\p{L}\p{N}][\p{L}\p{N}_\-.]*)$")]
    private static partial Regex KeyColonValue();

    [GeneratedRegex(
        @"(?<date>\b\d{4}-\d{1,2}-\d{1,2}\b)" +
        @"|(?<ym>\b\d{4}-\d{1,2}\b)(?![-\w])" +
        @"|(?<money>\$\s?(?<amount>\d[\d,]*(?:\.\d+)?)\s?(?<suffix>[km])?\b)" +
        @"|(?<num>(?<![\w-])(?<n>\d[\d,]*(?:\.\d+)?)(?<nsuffix>[km](?![a-z]))?(?<pct>\s?%)?(?![\w-]))" +
        @"|(?<word>[\p{L}\p{N}_/][\p{L}\p{N}_\-./:@=]*)" +
        @"|(?<sym>>=|<=|[<>=$%])")]
    private static partial Regex TokenPattern();
}
