using System.Globalization;
using System.Text;

namespace FinOps.Core.Assistant.Sql;

/// <summary>A query the assistant will not run, with the reason in words a user can act on (HTTP 400).</summary>
public sealed class AssistantRefusedException(string message) : Exception(message);

/// <summary>
/// The parse-level half of the guard (the database enforces the other half: role, READ ONLY, timeout).
/// Accepts exactly one <c>SELECT</c> (or <c>WITH … SELECT</c>) that reads only the curated views and calls
/// only allow-listed functions. Refuses several statements, comments, dollar quotes, escape strings,
/// parameters, non-ASCII text outside string literals, invisible characters anywhere, and every keyword
/// that writes, locks, changes settings or leaves the transaction.
/// </summary>
/// <remarks>
/// It is a lexer with a little context, not a full parser: it only has to say no to anything that is not
/// plainly a read of the views. The database refuses what slips through (the role can read only the views).
/// </remarks>
public static class SqlGuard
{
    public const int MaxSqlLength = 20_000;

    private static readonly HashSet<string> ForbiddenKeywords = new(StringComparer.Ordinal)
    {
        "insert", "update", "delete", "merge", "upsert", "drop", "alter", "create", "truncate", "grant", "revoke", "copy",
        "into", "for", "lock", "vacuum", "analyze", "analyse", "cluster", "reindex", "refresh", "execute", "call", "do",
        "set", "reset", "show", "notify", "listen", "unlisten", "prepare", "deallocate", "declare", "fetch", "move", "close",
        "begin", "commit", "rollback", "savepoint", "release", "start", "abort", "checkpoint", "discard", "load",
        "comment", "security", "import", "recursive", "tablesample", "returning", "nowait", "skip",
    };

    /// <summary>Words that may precede "(" without being a function call.</summary>
    private static readonly HashSet<string> KeywordsBeforeParen = new(StringComparer.Ordinal)
    {
        "in", "exists", "filter", "over", "as", "from", "join", "on", "using", "values", "and", "or", "not", "select", "where",
        "having", "any", "some", "all", "when", "then", "else", "case", "by", "with", "lateral", "union", "intersect", "except",
        "distinct", "between", "like", "ilike", "is", "within", "partition", "cast", "extract", "coalesce", "nullif", "greatest", "least",
        "row", "array", "interval", "date", "timestamp", "timestamptz", "numeric", "decimal", "varchar", "char", "float", "double", "precision", "limit", "offset", "group", "order", "rows",
        "range", "preceding", "following", "current", "unbounded", "asc", "desc", "nulls", "first", "last", "inner", "left", "right",
        "full", "outer", "cross", "natural", "null", "true", "false", "at", "zone", "time", "trim", "substring", "position", "overlay",
    };

    /// <summary>Functions a read of the views may call: aggregates, arithmetic, dates, text, jsonb access. No pg_* or set_config.</summary>
    private static readonly HashSet<string> AllowedFunctions = new(StringComparer.Ordinal)
    {
        "sum", "count", "avg", "min", "max", "stddev", "stddev_pop", "stddev_samp", "variance", "var_pop", "var_samp",
        "percentile_cont", "percentile_disc", "mode", "bool_and", "bool_or", "every", "string_agg", "array_agg", "median",
        "round", "trunc", "floor", "ceil", "ceiling", "abs", "sign", "power", "sqrt", "ln", "log", "exp", "mod", "div", "width_bucket",
        "coalesce", "nullif", "greatest", "least", "cast",
        "date_trunc", "date_part", "extract", "make_date", "make_interval", "age", "to_char", "to_date", "to_number", "now", "current_date",
        "date_bin", "generate_series", "justify_days", "isfinite",
        "lower", "upper", "initcap", "length", "char_length", "concat", "concat_ws", "substring", "substr", "left", "right", "trim", "btrim",
        "ltrim", "rtrim", "replace", "split_part", "strpos", "position", "starts_with", "lpad", "rpad", "format", "regexp_replace", "md5",
        "jsonb_each_text", "jsonb_object_keys", "jsonb_extract_path_text", "jsonb_typeof",
        "row_number", "rank", "dense_rank", "percent_rank", "cume_dist", "ntile", "lag", "lead", "first_value", "last_value", "nth_value",
    };

    /// <summary>Checks <paramref name="sql"/>; returns it without a trailing semicolon, or throws <see cref="AssistantRefusedException"/>.</summary>
    public static string Check(string sql)
    {
        if (string.IsNullOrWhiteSpace(sql))
        {
            throw new AssistantRefusedException("There is no SQL to run.");
        }
        if (sql.Length > MaxSqlLength)
        {
            throw new AssistantRefusedException($"The SQL is longer than {MaxSqlLength} characters.");
        }
        var tokens = Lex(sql);
        if (tokens.Count > 0 && tokens[^1].Kind == TokenKind.Semicolon)
        {
            tokens.RemoveAt(tokens.Count - 1);
            sql = sql[..sql.LastIndexOf(';')];
        }
        if (tokens.Count == 0)
        {
            throw new AssistantRefusedException("There is no SQL to run.");
        }
        if (tokens.Any(t => t.Kind == TokenKind.Semicolon))
        {
            throw new AssistantRefusedException("Only one statement may run: the SQL contains several statements separated by ';'.");
        }
        var first = tokens[0];
        if (!(first.IsWord("select") || first.IsWord("with") || first.Kind == TokenKind.OpenParen))
        {
            throw new AssistantRefusedException($"Only a SELECT may run; this statement starts with '{first.Text}'.");
        }
        var cteNames = new HashSet<string>(StringComparer.Ordinal);
        // Depths at which a FROM list is open: a comma there starts another FROM item, even after a subquery.
        var fromDepths = new HashSet<int>();
        var depth = 0;
        for (var i = 0; i < tokens.Count; i++)
        {
            var t = tokens[i];
            switch (t.Kind)
            {
                case TokenKind.OpenParen:
                    depth++;
                    continue;
                case TokenKind.CloseParen:
                    fromDepths.Remove(depth);
                    if (--depth < 0)
                    {
                        throw new AssistantRefusedException("The SQL has an unbalanced ')'.");
                    }
                    continue;
                case TokenKind.Comma when fromDepths.Contains(depth):
                    i = CheckFromItems(tokens, i + 1, cteNames) - 1;
                    continue;
                case TokenKind.Word:
                    break;
                default:
                    continue;
            }
            var word = t.Text;
            if (!t.Quoted && (word.StartsWith("pg_", StringComparison.Ordinal) || word == "information_schema"))
            {
                throw new AssistantRefusedException($"System catalogs and functions ('{word}') are not allowed: only the assistant views may be read.");
            }
            if (!t.Quoted && ForbiddenKeywords.Contains(word))
            {
                throw new AssistantRefusedException($"'{word.ToUpperInvariant()}' is not allowed: the assistant only reads data with a single SELECT.");
            }
            // Function call: a (possibly qualified) name followed by "(".
            if (i + 1 < tokens.Count && tokens[i + 1].Kind == TokenKind.OpenParen && !t.Quoted && !KeywordsBeforeParen.Contains(word))
            {
                if (i > 0 && tokens[i - 1].Kind == TokenKind.Dot)
                {
                    throw new AssistantRefusedException($"Schema-qualified function calls are not allowed ('{word}').");
                }
                if (i > 0 && tokens[i - 1].IsWord("as"))
                {
                    continue; // an alias with a column list: jsonb_each_text(tags) as t(key, value)
                }
                if (IsCteDefinition(tokens, i))
                {
                    cteNames.Add(word);
                    continue;
                }
                if (!AllowedFunctions.Contains(word))
                {
                    throw new AssistantRefusedException($"The function '{word}' is not allowed.");
                }
                continue;
            }
            if (IsCteDefinition(tokens, i))
            {
                cteNames.Add(word);
                continue;
            }
            if (word is "from" or "join" && !t.Quoted)
            {
                fromDepths.Add(depth);
                i = CheckFromItems(tokens, i + 1, cteNames) - 1;
                continue;
            }
            if (!t.Quoted && IsClauseWord(word) && word is not ("join" or "inner" or "left" or "right" or "full" or "cross" or "natural" or "on" or "using"))
            {
                fromDepths.Remove(depth);
            }
            // A qualified name anywhere (schema.relation or alias.column): the schema part must be ours.
            if (i + 2 < tokens.Count && tokens[i + 1].Kind == TokenKind.Dot && tokens[i + 2].Kind == TokenKind.Word && IsSchemaName(word))
            {
                if (word != AssistantSchema.Schema || !AssistantSchema.IsView(tokens[i + 2].Text))
                {
                    throw new AssistantRefusedException($"Only the assistant views may be read; '{word}.{tokens[i + 2].Text}' is not one of them.");
                }
            }
        }
        if (depth != 0)
        {
            throw new AssistantRefusedException("The SQL has an unbalanced '('.");
        }
        return sql.Trim();
    }

    private static readonly HashSet<string> KnownSchemas = new(StringComparer.Ordinal)
    {
        "finops", "public", "pg_catalog", "information_schema", "pg_toast", "hangfire", "assistant",
    };

    private static bool IsSchemaName(string word) => KnownSchemas.Contains(word) || word.StartsWith("pg_", StringComparison.Ordinal);

    /// <summary><c>name AS (</c> or <c>name (cols) AS (</c> after WITH or a comma inside the WITH list.</summary>
    private static bool IsCteDefinition(List<Token> tokens, int i)
    {
        if (i == 0 || !(tokens[i - 1].IsWord("with") || tokens[i - 1].Kind == TokenKind.Comma))
        {
            return false;
        }
        var j = i + 1;
        if (j < tokens.Count && tokens[j].Kind == TokenKind.OpenParen)
        {
            while (j < tokens.Count && tokens[j].Kind != TokenKind.CloseParen)
            {
                j++;
            }
            j++;
        }
        return j + 1 < tokens.Count && tokens[j].IsWord("as") && tokens[j + 1].Kind == TokenKind.OpenParen;
    }

    /// <summary>
    /// Reads the FROM list starting at <paramref name="i"/>: each item is a subquery, an allowed function
    /// (jsonb_each_text, generate_series), a CTE name or an assistant view. Returns the index after the list.
    /// </summary>
    private static int CheckFromItems(List<Token> tokens, int i, HashSet<string> cteNames)
    {
        while (i < tokens.Count)
        {
            if (tokens[i].IsWord("lateral") || tokens[i].IsWord("only"))
            {
                i++;
            }
            if (i >= tokens.Count)
            {
                break;
            }
            var t = tokens[i];
            if (t.Kind == TokenKind.OpenParen)
            {
                return i; // a subquery: the main loop checks its contents
            }
            if (t.Kind != TokenKind.Word)
            {
                throw new AssistantRefusedException($"Unexpected '{t.Text}' after FROM.");
            }
            if (i + 1 < tokens.Count && tokens[i + 1].Kind == TokenKind.OpenParen)
            {
                return i; // a function in FROM: the main loop checks the allow-list
            }
            string relation;
            if (i + 2 < tokens.Count && tokens[i + 1].Kind == TokenKind.Dot)
            {
                if (t.Text != AssistantSchema.Schema || tokens[i + 2].Kind != TokenKind.Word || !AssistantSchema.IsView(tokens[i + 2].Text))
                {
                    throw new AssistantRefusedException($"Only the assistant views may be read; '{t.Text}.{tokens[i + 2].Text}' is not one of them.");
                }
                relation = tokens[i + 2].Text;
                i += 3;
            }
            else
            {
                relation = t.Text;
                if (!cteNames.Contains(relation) && !AssistantSchema.IsView(relation))
                {
                    throw new AssistantRefusedException($"Only the assistant views may be read; '{relation}' is not one of them.");
                }
                i++;
            }
            // Optional alias, then a comma continues the list.
            if (i < tokens.Count && tokens[i].IsWord("as"))
            {
                i++;
            }
            if (i < tokens.Count && tokens[i].Kind == TokenKind.Word && !tokens[i].Quoted && IsClauseWord(tokens[i].Text))
            {
                return i;
            }
            if (i < tokens.Count && tokens[i].Kind == TokenKind.Word)
            {
                i++;
            }
            if (i < tokens.Count && tokens[i].Kind == TokenKind.Comma)
            {
                i++;
                continue;
            }
            return i;
        }
        return i;
    }

    private static readonly HashSet<string> ClauseWords = new(StringComparer.Ordinal)
    {
        "where", "group", "order", "having", "limit", "offset", "join", "inner", "left", "right", "full", "cross", "natural", "on",
        "using", "union", "intersect", "except", "window", "fetch", "for",
    };

    private static bool IsClauseWord(string word) => ClauseWords.Contains(word);

    private enum TokenKind { Word, Number, String, Operator, OpenParen, CloseParen, Comma, Dot, Semicolon }

    private readonly record struct Token(TokenKind Kind, string Text, bool Quoted = false)
    {
        public bool IsWord(string word) => Kind == TokenKind.Word && !Quoted && Text == word;
    }

    private static List<Token> Lex(string sql)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < sql.Length)
        {
            var c = sql[i];
            if (IsInvisible(c))
            {
                throw new AssistantRefusedException($"The SQL contains an invisible or control character (U+{(int)c:X4}).");
            }
            if (c is ' ' or '\t' or '\r' or '\n')
            {
                i++;
                continue;
            }
            if (c > 127)
            {
                throw new AssistantRefusedException($"The SQL contains the non-ASCII character '{c}' outside a string literal.");
            }
            if (c == '-' && Peek(sql, i + 1) == '-' || c == '/' && Peek(sql, i + 1) == '*')
            {
                throw new AssistantRefusedException("Comments are not allowed in the SQL.");
            }
            if (c == '$')
            {
                throw new AssistantRefusedException("Dollar quoting and parameters ($) are not allowed in the SQL.");
            }
            if (c == '\\')
            {
                throw new AssistantRefusedException("Backslashes are not allowed outside string literals.");
            }
            if (c == '\'')
            {
                if (i > 0 && char.IsAsciiLetter(sql[i - 1]) && (tokens.Count == 0 || tokens[^1].Kind != TokenKind.Word || tokens[^1].Text.Length == 1))
                {
                    // E'…', U&'…', B'…', X'…': escape and bit strings are not needed to read costs.
                    throw new AssistantRefusedException("Escape, unicode and bit string literals (E'…', U&'…') are not allowed.");
                }
                var sb = new StringBuilder();
                i++;
                while (true)
                {
                    if (i >= sql.Length)
                    {
                        throw new AssistantRefusedException("The SQL has an unterminated string literal.");
                    }
                    if (sql[i] == '\'')
                    {
                        if (Peek(sql, i + 1) == '\'')
                        {
                            sb.Append('\'');
                            i += 2;
                            continue;
                        }
                        i++;
                        break;
                    }
                    if (IsInvisible(sql[i]))
                    {
                        throw new AssistantRefusedException($"The SQL contains an invisible or control character (U+{(int)sql[i]:X4}).");
                    }
                    sb.Append(sql[i++]);
                }
                tokens.Add(new Token(TokenKind.String, sb.ToString()));
                continue;
            }
            if (c == '"')
            {
                var end = sql.IndexOf('"', i + 1);
                if (end < 0)
                {
                    throw new AssistantRefusedException("The SQL has an unterminated quoted identifier.");
                }
                var name = sql[(i + 1)..end];
                if (name.Length == 0 || name.Any(ch => !(char.IsAsciiLetterOrDigit(ch) || ch is '_' or ' ' or '-')))
                {
                    throw new AssistantRefusedException($"The quoted identifier \"{name}\" is not allowed.");
                }
                tokens.Add(new Token(TokenKind.Word, name, Quoted: true));
                i = end + 1;
                continue;
            }
            if (char.IsAsciiLetter(c) || c == '_')
            {
                var start = i;
                while (i < sql.Length && (char.IsAsciiLetterOrDigit(sql[i]) || sql[i] == '_'))
                {
                    i++;
                }
                tokens.Add(new Token(TokenKind.Word, sql[start..i].ToLowerInvariant()));
                continue;
            }
            if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < sql.Length && (char.IsAsciiDigit(sql[i]) || sql[i] == '.' || sql[i] == 'e' || sql[i] == 'E'
                    || (sql[i] is '+' or '-' && sql[i - 1] is 'e' or 'E')))
                {
                    i++;
                }
                tokens.Add(new Token(TokenKind.Number, sql[start..i]));
                continue;
            }
            switch (c)
            {
                case '(':
                    tokens.Add(new Token(TokenKind.OpenParen, "("));
                    i++;
                    continue;
                case ')':
                    tokens.Add(new Token(TokenKind.CloseParen, ")"));
                    i++;
                    continue;
                case ',':
                    tokens.Add(new Token(TokenKind.Comma, ","));
                    i++;
                    continue;
                case ';':
                    tokens.Add(new Token(TokenKind.Semicolon, ";"));
                    i++;
                    continue;
                case '.':
                    tokens.Add(new Token(TokenKind.Dot, "."));
                    i++;
                    continue;
            }
            if ("+-*/<>=!%|^~@:?".Contains(c))
            {
                var start = i;
                while (i < sql.Length && "+-*/<>=!%|^~@:?".Contains(sql[i]))
                {
                    if (sql[i] == '-' && Peek(sql, i + 1) == '-' || sql[i] == '/' && Peek(sql, i + 1) == '*')
                    {
                        throw new AssistantRefusedException("Comments are not allowed in the SQL.");
                    }
                    i++;
                }
                if (i == start)
                {
                    i++;
                }
                tokens.Add(new Token(TokenKind.Operator, sql[start..i]));
                continue;
            }
            throw new AssistantRefusedException(string.Create(CultureInfo.InvariantCulture, $"Unexpected character '{c}' in the SQL."));
        }
        return tokens;
    }

    private static char Peek(string s, int i) => i < s.Length ? s[i] : '\0';

    /// <summary>Control characters other than whitespace, and format characters (zero-width, bidi overrides, BOM).</summary>
    internal static bool IsInvisible(char c) =>
        (char.IsControl(c) && c is not ('\t' or '\r' or '\n'))
        || CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse or UnicodeCategory.OtherNotAssigned;
}
