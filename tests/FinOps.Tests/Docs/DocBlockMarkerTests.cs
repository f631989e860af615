namespace FinOps.Tests.Docs;

/// <summary>
/// No command in <c>docs/</c> escapes the doc tests: every shell block says how it runs, or why it cannot
/// run here; other fenced blocks hold no commands.
/// </summary>
public sealed class DocBlockMarkerTests
{
    [Fact]
    public void Every_shell_block_is_run_or_skipped_with_a_reason()
    {
        var blocks = DocBlock.All();
        Assert.NotEmpty(blocks);
        var problems = new List<string>();
        foreach (var block in blocks)
        {
            if (block.IsShell)
            {
                if (block.Kind is null)
                {
                    problems.Add($"{block.Where}: a {block.Language} block without '# doc-test: api|workers|db|shell' or '# doc-test: skip (reason)' as its first line");
                }
                else if (block.Kind == "skip" ? block.SkipReason is null : !DocBlock.RunKinds.Contains(block.Kind))
                {
                    problems.Add($"{block.Where}: '# doc-test: {block.Kind}' — use api, workers, db, shell, or skip with a reason in parentheses");
                }
                else if (block.Kind == "skip" && block.ExpectedOutput.Count > 0)
                {
                    problems.Add($"{block.Where}: a skipped block cannot promise output");
                }
            }
            else if (block.Language is not ("mermaid" or "json" or "text" or "csv" or "yaml" or "http")
                     || block.Body.Split('\n').Any(l => l.TrimStart().StartsWith("curl ", StringComparison.Ordinal) || l.TrimStart().StartsWith("dotnet ", StringComparison.Ordinal)))
            {
                problems.Add($"{block.Where}: a '{block.Language}' block; commands go in ```bash blocks with a doc-test marker, other text in mermaid/json/text/csv/yaml/http blocks");
            }
        }
        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }
}
