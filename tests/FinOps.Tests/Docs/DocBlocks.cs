using System.Text.RegularExpressions;

namespace FinOps.Tests.Docs;

/// <summary>
/// A fenced code block of a Markdown file under <c>docs/</c>. Shell blocks start with a marker line:
/// <c># doc-test: api</c> (run against a live API), <c># doc-test: workers</c> (runs the Workers CLI on a test
/// database), <c># doc-test: db</c> (psql/pg_dump on that database), <c># doc-test: shell</c> (runs as is), or <c># doc-test: skip (reason)</c>. Lines
/// <c># output contains: TEXT</c> in a run block are checked against what it printed.
/// </summary>
public sealed partial record DocBlock(string File, int Line, string Language, string Body)
{
    public static readonly string[] ShellLanguages = ["bash", "sh", "shell", "console", "zsh"];
    public static readonly string[] RunKinds = ["api", "workers", "db", "shell"];

    [GeneratedRegex(@"^#\s*doc-test:\s*(?<kind>[a-z]+)\s*(?:\((?<reason>.*)\))?\s*$")]
    private static partial Regex Marker();

    [GeneratedRegex(@"^#\s*output contains:\s?(?<text>.+)$", RegexOptions.Multiline)]
    private static partial Regex Expectation();

    public bool IsShell => ShellLanguages.Contains(Language);

    public string Where => $"{File}:{Line}";

    private Match MarkerMatch => Marker().Match(Body.Split('\n').FirstOrDefault(l => l.Trim().Length > 0)?.Trim() ?? "");

    /// <summary>The marker's kind (api, workers, shell, skip), or null when the block has none.</summary>
    public string? Kind => MarkerMatch.Success ? MarkerMatch.Groups["kind"].Value : null;

    public string? SkipReason => Kind == "skip" && MarkerMatch.Groups["reason"].Value.Trim() is { Length: > 0 } r ? r : null;

    public IReadOnlyList<string> ExpectedOutput =>
        Expectation().Matches(Body).Select(m => m.Groups["text"].Value.TrimEnd()).ToList();

    /// <summary>Every fenced block of every Markdown file under <c>docs/</c>, in file and line order.</summary>
    public static IReadOnlyList<DocBlock> All()
    {
        var blocks = new List<DocBlock>();
        foreach (var path in Directory.EnumerateFiles(RepoFiles.DocsFolder, "*.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var lines = System.IO.File.ReadAllLines(path);
            for (var i = 0; i < lines.Length; i++)
            {
                var open = lines[i].TrimStart();
                if (!open.StartsWith("```", StringComparison.Ordinal))
                {
                    continue;
                }
                var indent = lines[i].Length - open.Length;
                var fence = new string('`', open.TakeWhile(c => c == '`').Count());
                var language = open[fence.Length..].Trim().Split(' ', '{').FirstOrDefault()?.ToLowerInvariant() ?? "";
                var body = new List<string>();
                var j = i + 1;
                for (; j < lines.Length && !lines[j].TrimStart().StartsWith(fence, StringComparison.Ordinal); j++)
                {
                    body.Add(lines[j].Length >= indent && lines[j][..indent].Trim().Length == 0 ? lines[j][indent..] : lines[j]);
                }
                blocks.Add(new DocBlock(RepoFiles.Relative(path), i + 1, language, string.Join('\n', body)));
                i = j;
            }
        }
        return blocks;
    }
}
