using System.Text.RegularExpressions;

namespace FinOps.Tests.Docs;

/// <summary>Links between the pages of <c>docs/</c> (and from the README) lead to a file and heading that exist.</summary>
public sealed partial class DocLinkTests
{
    [GeneratedRegex(@"\]\((?<file>[^)#\s:]*)(?:#(?<anchor>[^)\s]+))?\)")]
    private static partial Regex Link();

    [Fact]
    public void Every_relative_link_and_anchor_resolves()
    {
        var pages = Directory.EnumerateFiles(RepoFiles.DocsFolder, "*.md").Append(Path.Combine(RepoFiles.Root, "README.md")).ToList();
        var broken = new List<string>();
        var checkedLinks = 0;
        foreach (var page in pages)
        {
            var text = StripCode(File.ReadAllText(page));
            foreach (Match m in Link().Matches(text))
            {
                var file = m.Groups["file"].Value;
                var target = file.Length == 0 ? page : Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, file));
                checkedLinks++;
                if (!File.Exists(target) && !Directory.Exists(target))
                {
                    broken.Add($"{RepoFiles.Relative(page)}: {m.Value} — no such file");
                }
                else if (m.Groups["anchor"].Success && target.EndsWith(".md", StringComparison.Ordinal)
                         && !Anchors(target).Contains(m.Groups["anchor"].Value))
                {
                    broken.Add($"{RepoFiles.Relative(page)}: {m.Value} — no such heading in {RepoFiles.Relative(target)}");
                }
            }
        }
        Assert.True(checkedLinks > 20, $"only {checkedLinks} links found");
        Assert.True(broken.Count == 0, string.Join('\n', broken));
    }

    /// <summary>GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes.</summary>
    private static HashSet<string> Anchors(string path) =>
        StripCode(File.ReadAllText(path)).Split('\n')
            .Where(l => l.StartsWith('#'))
            .Select(l => l.TrimStart('#').Trim().ToLowerInvariant())
            .Select(h => new string(h.Where(c => char.IsLetterOrDigit(c) || c is ' ' or '-' or '_').ToArray()).Replace(' ', '-'))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>Fenced blocks hold shell comments (<c># doc-test: …</c>), not headings or links.</summary>
    private static string StripCode(string markdown) => Regex.Replace(markdown, "(?ms)^\\s*```.*?^\\s*```", "");
}
