using System.Text.Json;
using System.Text.RegularExpressions;

namespace FinOps.Tests.Docs;

/// <summary>
/// Finds every configuration key the code under <c>src/</c> reads, by reading the source text: no
/// compilation, so options added on any branch show up the moment their code exists. It recognises
/// <c>GetSection(…)</c>, <c>GetValue(…)</c>/<c>GetValue&lt;T&gt;(…)</c>, <c>Configuration[…]</c>,
/// <c>GetConnectionString(…)</c>, <c>BindConfiguration(…)</c>, the AppHost's <c>AddParameter(…)</c>,
/// option classes (a <c>const string Section</c>, or a type bound with <c>GetSection(…).Get&lt;T&gt;()</c>,
/// <c>AddOptions&lt;T&gt;().BindConfiguration(…)</c>, <c>Configure&lt;T&gt;(…GetSection(…))</c>) with their
/// settable properties, and the leaf keys of every <c>appsettings*.json</c>. Arguments may be string
/// literals, interpolations of constants, or constants (<c>DataRegistration.ConnectionName</c>).
/// </summary>
internal static partial class ConfigurationScanner
{
    public sealed record Finding(string Key, string Where, bool IsSection);

    public sealed record Result(IReadOnlyList<Finding> Findings, IReadOnlyList<string> Unresolved);

    private const string Arg = @"(?<arg>\$?""(?:[^""\\]|\\.)*""|[A-Za-z_][\w.]*)";

    [GeneratedRegex(@"\b(?:class|record|struct)\s+(?<name>\w+)")]
    private static partial Regex TypeDeclaration();

    [GeneratedRegex(@"\bconst\s+string\s+(?<name>\w+)\s*=\s*""(?<value>[^""]*)""")]
    private static partial Regex StringConstant();

    [GeneratedRegex(@"\b(?<kind>GetSection|GetValue|GetConnectionString|BindConfiguration|AddParameter)\s*(?:<[^<>()]*(?:<[^<>()]*>)?[^<>()]*>)?\s*\(\s*" + Arg)]
    private static partial Regex ReadCall();

    [GeneratedRegex(@"\b[Cc]onfiguration\s*\[\s*" + Arg + @"\s*\]")]
    private static partial Regex Indexer();

    [GeneratedRegex(@"GetSection\s*\(\s*" + Arg + @"\s*\)\s*\.\s*(?:Get|Bind)\s*<\s*(?<type>\w+)\s*>")]
    private static partial Regex SectionGet();

    [GeneratedRegex(@"AddOptions\s*<\s*(?<type>\w+)\s*>\s*\(\s*\)\s*\.\s*BindConfiguration\s*\(\s*" + Arg)]
    private static partial Regex OptionsBind();

    [GeneratedRegex(@"Configure\s*<\s*(?<type>\w+)\s*>\s*\([^;]*?GetSection\s*\(\s*" + Arg)]
    private static partial Regex ConfigureSection();

    [GeneratedRegex(@"public\s+(?<type>[\w<>?,\[\]\s.]+?)\s+(?<name>\w+)\s*\{\s*get;\s*(?:set|init);")]
    private static partial Regex SettableProperty();

    [GeneratedRegex(@"\{(?<expr>[^{}:]+)(?::[^{}]*)?\}")]
    private static partial Regex Hole();

    private sealed record SourceFile(string Path, string Text, IReadOnlyList<(int Index, string Name)> Types);

    public static Result Scan()
    {
        var files = RepoFiles.Sources(".cs").Select(p =>
        {
            var text = StripComments(File.ReadAllText(p));
            var types = TypeDeclaration().Matches(text).Select(m => (m.Index, m.Groups["name"].Value)).ToList();
            return new SourceFile(p, text, types);
        }).ToList();

        var constants = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            foreach (Match m in StringConstant().Matches(file.Text))
            {
                constants[$"{TypeAt(file, m.Index)}.{m.Groups["name"].Value}"] = m.Groups["value"].Value;
            }
        }

        var findings = new List<Finding>();
        var unresolved = new List<string>();
        foreach (var file in files)
        {
            // Unresolved arguments are reported when they must be keys: text, or a constant-looking name in a
            // configuration-only call. GetValue also names other APIs (ConditionalWeakTable.GetValue(x, …)), and a
            // lowercase local (BindConfiguration(section)) is a helper's parameter whose callers are scanned instead.
            string? Resolve(Match m, string where, bool strict = true)
            {
                var arg = m.Groups["arg"].Value;
                var value = ResolveArgument(arg, TypeAt(file, m.Index), constants);
                if (value is null && (arg.StartsWith('"') || arg.StartsWith('$') || (strict && char.IsUpper(arg[0]))))
                {
                    unresolved.Add($"{where}: {m.Value}");
                }
                return value;
            }

            foreach (Match m in ReadCall().Matches(file.Text))
            {
                var where = Where(file, m.Index);
                if (Resolve(m, where, strict: m.Groups["kind"].Value != "GetValue") is not { } value)
                {
                    continue;
                }
                var kind = m.Groups["kind"].Value;
                findings.Add(kind switch
                {
                    "GetConnectionString" => new Finding($"ConnectionStrings:{value}", where, false),
                    "AddParameter" => new Finding($"Parameters:{value}", where, false),
                    "GetSection" or "BindConfiguration" => new Finding(value, where, true),
                    _ => new Finding(value, where, false),
                });
            }
            foreach (Match m in Indexer().Matches(file.Text))
            {
                if (Resolve(m, Where(file, m.Index)) is { } value)
                {
                    findings.Add(new Finding(value, Where(file, m.Index), false));
                }
            }
            foreach (var regex in new[] { SectionGet(), OptionsBind(), ConfigureSection() })
            {
                foreach (Match m in regex.Matches(file.Text))
                {
                    if (Resolve(m, Where(file, m.Index)) is { } section)
                    {
                        findings.AddRange(OptionKeys(files, m.Groups["type"].Value, section, 0));
                    }
                }
            }
            foreach (Match m in StringConstant().Matches(file.Text).Where(c => c.Groups["name"].Value == "Section"))
            {
                findings.AddRange(OptionKeys(files, TypeAt(file, m.Index), m.Groups["value"].Value, 0));
            }
        }

        foreach (var json in RepoFiles.Sources(".json").Where(f => Path.GetFileName(f).StartsWith("appsettings", StringComparison.OrdinalIgnoreCase)))
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(json), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
            foreach (var key in JsonLeaves(doc.RootElement, ""))
            {
                findings.Add(new Finding(key, RepoFiles.Relative(json), false));
            }
        }
        return new Result(findings.Select(f => f with { Key = Normalize(f.Key) }).ToList(), unresolved);
    }

    /// <summary>
    /// One spelling per key: ':' separators (the environment's '__' and any list index become
    /// <c>{n}</c>), and the per-category log levels as one entry.
    /// </summary>
    public static string Normalize(string key)
    {
        var k = key.Trim().Replace("__", ":");
        k = Regex.Replace(k, @"(?<=:)\d+(?=:|$)", "{n}");
        return k.StartsWith("Logging:LogLevel:", StringComparison.OrdinalIgnoreCase) ? "Logging:LogLevel:{category}" : k;
    }

    /// <summary>The settable properties of an options type as keys under <paramref name="prefix"/>; nested option types recursively.</summary>
    private static IEnumerable<Finding> OptionKeys(IReadOnlyList<SourceFile> files, string type, string prefix, int depth)
    {
        var (file, body) = TypeBody(files, type);
        if (file is null || depth > 5)
        {
            yield break;
        }
        foreach (Match p in SettableProperty().Matches(body))
        {
            var propertyType = p.Groups["type"].Value.Replace("?", "").Trim();
            var key = $"{prefix}:{p.Groups["name"].Value}";
            var element = Regex.Match(propertyType, @"^(?:List|IList|IReadOnlyList|ICollection|IEnumerable)<(\w+)>$|^(\w+)\[\]$");
            var elementType = element.Success ? (element.Groups[1].Success ? element.Groups[1].Value : element.Groups[2].Value) : null;
            if (elementType is not null && TypeBody(files, elementType).File is not null)
            {
                foreach (var nested in OptionKeys(files, elementType, key + ":{n}", depth + 1))
                {
                    yield return nested;
                }
            }
            else if (elementType is null && TypeBody(files, propertyType).File is not null)
            {
                foreach (var nested in OptionKeys(files, propertyType, key, depth + 1))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return new Finding(key, $"{RepoFiles.Relative(file.Path)} ({type}.{p.Groups["name"].Value})", false);
            }
        }
    }

    /// <summary>The text of a type's declaration up to the next type declaration in its file.</summary>
    private static (SourceFile? File, string Body) TypeBody(IReadOnlyList<SourceFile> files, string type)
    {
        foreach (var file in files)
        {
            for (var i = 0; i < file.Types.Count; i++)
            {
                if (file.Types[i].Name == type)
                {
                    var end = i + 1 < file.Types.Count ? file.Types[i + 1].Index : file.Text.Length;
                    return (file, file.Text[file.Types[i].Index..end]);
                }
            }
        }
        return (null, "");
    }

    private static string? ResolveArgument(string arg, string currentType, Dictionary<string, string> constants)
    {
        if (arg.StartsWith("$\"", StringComparison.Ordinal))
        {
            var failed = false;
            var value = Hole().Replace(arg[2..^1], h =>
            {
                var resolved = ResolveConstant(h.Groups["expr"].Value.Trim(), currentType, constants);
                failed |= resolved is null;
                return resolved ?? "";
            });
            return failed ? null : value;
        }
        return arg.StartsWith('"') ? Regex.Unescape(arg[1..^1]) : ResolveConstant(arg, currentType, constants);
    }

    private static string? ResolveConstant(string expr, string currentType, Dictionary<string, string> constants)
    {
        var parts = expr.Split('.');
        var name = parts[^1];
        if (parts.Length >= 2 && constants.TryGetValue($"{parts[^2]}.{name}", out var qualified))
        {
            return qualified;
        }
        if (parts.Length == 1 && constants.TryGetValue($"{currentType}.{name}", out var local))
        {
            return local;
        }
        var candidates = constants.Where(c => c.Key.EndsWith("." + name, StringComparison.Ordinal)).Select(c => c.Value).Distinct().ToList();
        return parts.Length == 1 && candidates.Count == 1 ? candidates[0] : null;
    }

    private static string TypeAt(SourceFile file, int index) =>
        file.Types.LastOrDefault(t => t.Index < index).Name ?? "";

    private static string Where(SourceFile file, int index) =>
        $"{RepoFiles.Relative(file.Path)}:{file.Text.AsSpan(0, index).Count('\n') + 1}";

    private static IEnumerable<string> JsonLeaves(JsonElement element, string prefix)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in element.EnumerateObject())
            {
                foreach (var leaf in JsonLeaves(p.Value, prefix.Length == 0 ? p.Name : $"{prefix}:{p.Name}"))
                {
                    yield return leaf;
                }
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            yield return prefix; // a list is documented as one option
        }
        else
        {
            yield return prefix;
        }
    }

    /// <summary>
    /// Blanks comments (keeping line breaks, so line numbers hold) so a key named in a comment is not
    /// mistaken for one the code reads. String literals are left alone.
    /// </summary>
    private static string StripComments(string text)
    {
        var chars = text.ToCharArray();
        var i = 0;
        while (i < chars.Length)
        {
            if (chars[i] == '"' && i + 2 < chars.Length && chars[i + 1] == '"' && chars[i + 2] == '"')
            {
                // raw string literal: skip to the closing run of as many quotes
                var run = 0;
                while (i < chars.Length && chars[i] == '"')
                {
                    run++;
                    i++;
                }
                var close = new string('"', run);
                var end = text.IndexOf(close, i, StringComparison.Ordinal);
                i = end < 0 ? chars.Length : end + run;
            }
            else if (chars[i] == '"')
            {
                var verbatim = i > 0 && chars[i - 1] == '@';
                i++;
                while (i < chars.Length && chars[i] != '"')
                {
                    i += !verbatim && chars[i] == '\\' ? 2 : 1;
                }
                i++;
            }
            else if (chars[i] == '/' && i + 1 < chars.Length && chars[i + 1] == '/')
            {
                while (i < chars.Length && chars[i] != '\n')
                {
                    chars[i++] = ' ';
                }
            }
            else if (chars[i] == '/' && i + 1 < chars.Length && chars[i + 1] == '*')
            {
                while (i < chars.Length && !(chars[i] == '*' && i + 1 < chars.Length && chars[i + 1] == '/'))
                {
                    if (chars[i] != '\n')
                    {
                        chars[i] = ' ';
                    }
                    i++;
                }
                if (i < chars.Length)
                {
                    chars[i] = ' ';
                    chars[i + 1] = ' ';
                    i += 2;
                }
            }
            else if (chars[i] == '\'')
            {
                // char literal: skip '"' and '\'' without treating them as string starts
                var start = Math.Min(chars.Length, i + (i + 1 < chars.Length && chars[i + 1] == '\\' ? 3 : 2));
                var end = chars.AsSpan(start).IndexOf('\'');
                i = end < 0 ? chars.Length : start + end + 1;
            }
            else
            {
                i++;
            }
        }
        return new string(chars);
    }
}
