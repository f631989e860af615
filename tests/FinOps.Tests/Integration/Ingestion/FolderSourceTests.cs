using FinOps.Core.Ingestion;
using FinOps.Tests.Fixtures;
using FinOps.Tests.Infrastructure;

namespace FinOps.Tests.Integration.Ingestion;

public sealed class FolderSourceTests(PostgresServer server) : IDisposable
{
    private readonly DirectoryInfo folder = Directory.CreateTempSubdirectory("finops-watch-");

    public void Dispose() => folder.Delete(recursive: true);

    [Fact]
    public async Task Scan_ingests_new_files_once_and_skips_known_content()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "folder", new IngestionOptions
        {
            Folders = [folder.FullName],
            FolderSettleTime = TimeSpan.Zero,
        });
        File.Copy(SharedData.Oci, Path.Combine(folder.FullName, "oci.csv"));
        Directory.CreateDirectory(Path.Combine(folder.FullName, "2023-09"));
        File.Copy(SharedData.AzureEaSample, Path.Combine(folder.FullName, "2023-09", "azure.csv"));
        File.WriteAllText(Path.Combine(folder.FullName, "notes.txt"), "not a bill");

        var first = await db.Folders.ScanAsync(TestContext.Current.CancellationToken);
        Assert.Equal(2, first.Count);
        Assert.All(first, o => Assert.True(o.Succeeded, o.Message));

        // Same content under another name: recognised by its hash, not loaded again.
        File.Copy(SharedData.Oci, Path.Combine(folder.FullName, "oci-copy.csv"));
        var second = await db.Folders.ScanAsync(TestContext.Current.CancellationToken);
        Assert.Empty(second);
        Assert.Equal(506L + 27L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items"));
        Assert.Equal(2L, await db.ScalarAsync<long>("select count(*) from finops.ingestions where source = 'folder'"));
        Assert.True(File.Exists(Path.Combine(folder.FullName, "oci.csv")), "files are never moved");
    }

    [Fact]
    public async Task Ingest_paths_expands_folders_for_the_cli()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "paths");
        File.Copy(SharedData.Fixture("gcp_billing_export.csv"), Path.Combine(folder.FullName, "gcp.csv"));
        var outcomes = await db.Folders.IngestPathsAsync([folder.FullName, SharedData.Fixture("usage_metrics.csv")], "cli", null, "tester", TestContext.Current.CancellationToken);
        Assert.Equal(["gcp", "usage"], outcomes.Select(o => o.Format));
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Message));
    }
}
