using System.Security.Cryptography;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FinOps.Core.Ingestion;

/// <summary>
/// Watched folders (<c>Ingestion:Folders</c>): each scan ingests the files not seen before, recognised by
/// their SHA-256, so renaming or touching a file does not load it twice and nothing is moved or deleted.
/// A file that failed is not retried until its content changes. Also expands the paths of the CLI's
/// <c>ingest</c> verb (files and folders).
/// </summary>
public sealed class FolderSource(
    IngestionService ingestion,
    NpgsqlDataSource dataSource,
    TimeProvider time,
    IOptions<IngestionOptions> options,
    ILogger<FolderSource> logger)
{
    /// <summary>Scans every configured folder and ingests the new files, oldest first.</summary>
    public async Task<IReadOnlyList<IngestionOutcome>> ScanAsync(CancellationToken ct)
    {
        var outcomes = new List<IngestionOutcome>();
        foreach (var folder in options.Value.Folders.Where(f => !string.IsNullOrWhiteSpace(f)))
        {
            if (!Directory.Exists(folder))
            {
                logger.LogWarning("Watched folder {Folder} does not exist", folder);
                continue;
            }
            var settled = time.GetUtcNow() - options.Value.FolderSettleTime;
            var files = ListFiles(folder)
                .Select(path => new FileInfo(path))
                .Where(f => f.Length > 0 && f.LastWriteTimeUtc <= settled.UtcDateTime)
                .OrderBy(f => f.LastWriteTimeUtc).ThenBy(f => f.FullName, StringComparer.Ordinal)
                .ToList();
            foreach (var file in files)
            {
                ct.ThrowIfCancellationRequested();
                if (await IsKnownAsync(file.FullName, ct))
                {
                    continue;
                }
                outcomes.Add(await ingestion.IngestAsync(new IngestionRequest(file.FullName, file.Name, "folder", CreatedBy: "folder:" + folder), ct));
            }
        }
        return outcomes;
    }

    /// <summary>Ingests files and every matching file under folders, in order (the <c>ingest</c> verb).</summary>
    public async Task<IReadOnlyList<IngestionOutcome>> IngestPathsAsync(IEnumerable<string> paths, string source, string? format, string? createdBy, CancellationToken ct)
    {
        var outcomes = new List<IngestionOutcome>();
        foreach (var path in paths)
        {
            var files = Directory.Exists(path) ? ListFiles(path).Order(StringComparer.Ordinal).ToList() : [path];
            foreach (var file in files)
            {
                outcomes.Add(await ingestion.IngestAsync(new IngestionRequest(Path.GetFullPath(file), Path.GetFileName(file), source, format, createdBy), ct));
            }
        }
        return outcomes;
    }

    private IEnumerable<string> ListFiles(string folder) =>
        options.Value.FilePatterns.SelectMany(p => Directory.EnumerateFiles(folder, p, SearchOption.AllDirectories)).Distinct();

    private async Task<bool> IsKnownAsync(string path, CancellationToken ct)
    {
        string hash;
        await using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 20, FileOptions.SequentialScan))
        {
            hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, ct));
        }
        await using var cmd = dataSource.CreateCommand("select exists (select 1 from finops.ingestions where file_hash = $1)");
        cmd.Parameters.AddWithValue(hash);
        return await cmd.ExecuteScalarAsync(ct) is true;
    }
}
