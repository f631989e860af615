namespace FinOps.Tests.Docs;

/// <summary>The repository the tests were built from (found by walking up to <c>FinOps.sln</c>).</summary>
internal static class RepoFiles
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FinOps.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"FinOps.sln not found above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string DocsFolder => Path.Combine(Root, "docs");

    /// <summary>Files under <c>src/</c> with one of the extensions, skipping build output and npm packages.</summary>
    public static IEnumerable<string> Sources(params string[] extensions) =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), "*", SearchOption.AllDirectories)
            .Where(f => extensions.Any(e => f.EndsWith(e, StringComparison.OrdinalIgnoreCase)))
            .Where(f => !IsGenerated(Path.GetRelativePath(Root, f)));

    public static string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    private static bool IsGenerated(string relative)
    {
        var parts = relative.Replace('\\', '/').Split('/');
        return parts.Any(p => p is "bin" or "obj" or "node_modules" or "dist" or "wwwroot" or "Migrations");
    }
}
