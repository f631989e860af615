using System.ComponentModel.DataAnnotations;

namespace FinOps.Core.Ingestion;

/// <summary>Settings of the ingestion engine, bound from the <c>Ingestion</c> configuration section.</summary>
public sealed class IngestionOptions
{
    public const string Section = "Ingestion";

    /// <summary>Folders the <see cref="FolderSource"/> scans for new files (<c>Ingestion:Folders:0</c>, …).</summary>
    public List<string> Folders { get; set; } = [];

    /// <summary>File name patterns picked up in watched folders.</summary>
    public List<string> FilePatterns { get; set; } = ["*.csv", "*.csv.gz", "*.parquet", "*.jsonl", "*.jsonl.gz", "*.json", "*.json.gz"];

    /// <summary>Longest CSV record or JSON line accepted; longer means a broken file (an unclosed quote, binary data).</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxRecordBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Most bytes a gzip file may expand to.</summary>
    [Range(1L, long.MaxValue)]
    public long MaxDecompressedBytes { get; set; } = 64L * 1024 * 1024 * 1024;

    /// <summary>Largest expansion ratio of a gzip file (CSV compresses 5–30×; a bomb, thousands).</summary>
    [Range(2, 100_000)]
    public int MaxCompressionRatio { get; set; } = 250;

    /// <summary>
    /// Share of rows (0–1) that may be invalid before the whole file is rejected. 0, the default, rejects
    /// a file with any invalid row: a partial bill is worse than none. Above 0, valid rows load and the
    /// invalid ones are reported as rejected.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MaxRejectedShare { get; set; }

    /// <summary>How many errors are kept in detail (in <c>ingestions.errors</c>).</summary>
    [Range(1, 10_000)]
    public int MaxErrorsKept { get; set; } = 100;

    /// <summary>A watched file must be unchanged this long before it is picked up (it may still be being written).</summary>
    public TimeSpan FolderSettleTime { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the rows read so far are written to the <c>ingestions</c> row for the UI.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(2);
}
