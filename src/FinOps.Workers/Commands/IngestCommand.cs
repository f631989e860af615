using FinOps.Core.Ingestion;

namespace FinOps.Workers.Commands;

/// <summary>
/// <c>ingest &lt;file|folder&gt;... [--format …]</c>: ingests synchronously, prints rows loaded and
/// rejected per file, and exits non-zero with the reason when a file is rejected.
/// </summary>
internal static class IngestCommand
{
    private const int ErrorsShown = 10;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        var format = WorkerCommands.Option(args, "--format");
        var paths = Positional(args).ToList();
        if (paths.Count == 0)
        {
            throw new UsageException("ingest needs at least one file or folder");
        }
        foreach (var path in paths.Where(p => !File.Exists(p) && !Directory.Exists(p)))
        {
            throw new UsageException($"no such file or folder: {path}");
        }
        var createdBy = $"cli:{Environment.UserName}";
        var outcomes = await services.GetRequiredService<FolderSource>().IngestPathsAsync(paths, "cli", format, createdBy, ct);

        var failed = 0;
        foreach (var o in outcomes)
        {
            var name = o.IngestionId.ToString();
            if (o.Succeeded)
            {
                Console.WriteLine($"ok      {name} {o.Format,-9} loaded {o.RowsLoaded,10:N0} rows, rejected {o.RowsRejected:N0} ({o.Elapsed.TotalSeconds:F1} s) {o.Message}");
                continue;
            }
            failed++;
            Console.Error.WriteLine($"FAILED  {name} {o.Format ?? "?",-9} {o.Message}");
            foreach (var e in o.Errors.Take(ErrorsShown))
            {
                Console.Error.WriteLine($"          row {e.Row}{(e.Column is null ? "" : $", column {e.Column}")}: {e.Message}");
            }
            if (o.Errors.Count > ErrorsShown)
            {
                Console.Error.WriteLine($"          … and {o.Errors.Count - ErrorsShown} more");
            }
        }
        Console.WriteLine($"{outcomes.Count} file(s): {outcomes.Count - failed} ingested, {failed} rejected; " +
                          $"{outcomes.Sum(o => o.RowsLoaded):N0} rows loaded, {outcomes.Sum(o => o.RowsRejected):N0} rejected");
        return failed == 0 ? 0 : 1;
    }

    /// <summary>Arguments that are not options or option values.</summary>
    private static IEnumerable<string> Positional(string[] args)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--format")
            {
                i++;
            }
            else if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                yield return args[i];
            }
        }
    }
}
