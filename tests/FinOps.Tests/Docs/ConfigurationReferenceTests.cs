using System.Text.RegularExpressions;

namespace FinOps.Tests.Docs;

/// <summary>
/// The configuration reference in <c>docs/operating.md</c> and the options the code reads agree, both
/// ways: a new option fails this test until it is documented, a removed one until its row goes.
/// </summary>
public sealed partial class ConfigurationReferenceTests
{
    private const string ReferenceHeading = "## Configuration reference";

    [GeneratedRegex(@"^\|\s*`(?<key>[^`]+)`\s*\|")]
    private static partial Regex KeyRow();

    [Fact]
    public void The_scanner_finds_the_options_it_is_meant_to_find()
    {
        var result = ConfigurationScanner.Scan();
        Assert.Empty(result.Unresolved);
        var keys = result.Findings.Select(f => f.Key).ToHashSet();
        // One of each way of reading configuration the scanner claims to recognise.
        Assert.Contains("ConnectionStrings:finops", keys);          // GetConnectionString(DataRegistration.ConnectionName)
        Assert.Contains("Auth:Jwt:RoleClaim", keys);                // nested options class
        Assert.Contains("Vault:Secrets:{n}:Path", keys);            // list of option objects
        Assert.Contains("Ingestion:MaxRejectedShare", keys);        // BindConfiguration + const Section
        Assert.Contains("Ingestion:MaxUploadBytes", keys);          // GetValue<long?>("…")
        Assert.Contains("FinOps:UseContainers", keys);              // Configuration["…"]
        Assert.Contains("Parameters:postgres-password", keys);      // AddParameter($"{ResourceNames.Postgres}-password")
        Assert.Contains("Workers:WorkerCount", keys);               // GetValue("…", default) and appsettings.json
        Assert.DoesNotContain(keys, k => k.Contains("apiKey", StringComparison.Ordinal)); // a form field, not configuration
    }

    [Fact]
    public void Every_option_the_code_reads_is_documented()
    {
        var documented = DocumentedKeys();
        var result = ConfigurationScanner.Scan();
        var missing = Required(result, documented)
            .Where(f => !documented.Contains(f.Key))
            .GroupBy(f => f.Key)
            .Select(g => $"{g.Key}  (read at {string.Join(", ", g.Select(f => f.Where).Distinct().Take(3))})")
            .ToList();
        Assert.True(missing.Count == 0,
            $"Options read by the code but missing from the table under '{ReferenceHeading}' in docs/operating.md:\n  " + string.Join("\n  ", missing));
    }

    [Fact]
    public void Every_documented_option_is_read_by_the_code()
    {
        var documented = DocumentedKeys();
        var found = ConfigurationScanner.Scan().Findings.Select(f => f.Key).ToHashSet(StringComparer.Ordinal);
        // Keys read by libraries rather than our code (service discovery's services:api:http:0) count when the
        // source names them, in either spelling.
        var sourceText = string.Join("\n", RepoFiles.Sources(".cs", ".ts", ".json").Select(File.ReadAllText));
        var stale = documented
            .Where(k => !found.Contains(k))
            .Select(k => (Key: k, Literal: k.Replace("{n}", "0", StringComparison.Ordinal)))
            .Where(k => !sourceText.Contains(k.Literal, StringComparison.Ordinal) && !sourceText.Contains(k.Literal.Replace(":", "__"), StringComparison.Ordinal))
            .Select(k => k.Key)
            .ToList();
        Assert.True(stale.Count == 0,
            "Options documented in docs/operating.md that nothing under src/ reads (remove or fix the rows):\n  " + string.Join("\n  ", stale));
    }

    /// <summary>Leaf keys, plus sections read whole that neither the code nor the table breaks into keys.</summary>
    private static IEnumerable<ConfigurationScanner.Finding> Required(ConfigurationScanner.Result result, IReadOnlySet<string> documented)
    {
        var leaves = result.Findings.Where(f => !f.IsSection).ToList();
        var leafKeys = leaves.Select(f => f.Key).Concat(documented).ToList();
        var sections = result.Findings.Where(f => f.IsSection)
            .Where(s => !leafKeys.Any(k => k.StartsWith(s.Key + ":", StringComparison.OrdinalIgnoreCase)));
        return leaves.Concat(sections);
    }

    internal static IReadOnlySet<string> DocumentedKeys()
    {
        var lines = File.ReadAllLines(Path.Combine(RepoFiles.DocsFolder, "operating.md"));
        var start = Array.FindIndex(lines, l => l.Trim() == ReferenceHeading);
        Assert.True(start >= 0, $"docs/operating.md has no '{ReferenceHeading}' heading.");
        var keys = lines.Skip(start + 1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .Select(l => KeyRow().Match(l))
            .Where(m => m.Success)
            .Select(m => ConfigurationScanner.Normalize(m.Groups["key"].Value))
            .ToList();
        var duplicates = keys.GroupBy(k => k).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.True(duplicates.Count == 0, "Documented twice: " + string.Join(", ", duplicates));
        Assert.True(keys.Count > 0, "The configuration reference table has no rows of the form | `Key` | … |.");
        return keys.ToHashSet(StringComparer.Ordinal);
    }
}
