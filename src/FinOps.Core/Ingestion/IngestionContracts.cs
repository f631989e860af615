using System.Text.Json.Serialization;

namespace FinOps.Core.Ingestion;

/// <summary>What to ingest and on whose behalf.</summary>
/// <param name="Path">Local path of the file to read (an upload is saved to a temp file first).</param>
/// <param name="FileName">Name shown to users and used as a hint (extension, "amortized").</param>
/// <param name="Source"><c>upload</c>, <c>cli</c>, <c>folder</c>, <c>bucket</c> or <c>demo</c>.</param>
/// <param name="Format">Forces a format (<see cref="IngestionFormats"/>); null or <c>auto</c> detects it from the content.</param>
/// <param name="CreatedBy">Who asked (user, API key name, job).</param>
/// <param name="IngestionId">A pending row created earlier by <see cref="IngestionService.CreateAsync"/>; null creates one.</param>
public sealed record IngestionRequest(
    string Path,
    string FileName,
    string Source,
    string? Format = null,
    string? CreatedBy = null,
    Guid? IngestionId = null);

/// <summary>One problem found in a file, located as a user would look for it.</summary>
/// <param name="Row">1-based row: in a CSV the spreadsheet row (the header is row 1); in JSON lines the line; in Parquet the record. 0 for file-level problems.</param>
/// <param name="Column">The column's name as spelled in the file, or null when the problem is the whole row or file.</param>
/// <param name="Message">What is wrong, with the offending value.</param>
/// <param name="Line">Physical line where the row starts, when it differs from <paramref name="Row"/> (embedded newlines).</param>
public sealed record IngestionError(
    [property: JsonPropertyName("row")] long Row,
    [property: JsonPropertyName("column")] string? Column,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("line")] long? Line = null);

/// <summary>The result of one ingestion, as recorded in <c>ingestions</c>.</summary>
public sealed record IngestionOutcome
{
    public required Guid IngestionId { get; init; }
    /// <summary><c>succeeded</c> or <c>failed</c>.</summary>
    public required string Status { get; init; }
    public string? Format { get; init; }
    public string? FormatVersion { get; init; }
    public string? ProviderName { get; init; }
    public IReadOnlyList<string> Providers { get; init; } = [];
    public IReadOnlyList<DateOnly> BillingPeriods { get; init; } = [];
    public long RowsRead { get; init; }
    public long RowsLoaded { get; init; }
    public long RowsRejected { get; init; }
    public IReadOnlyList<IngestionError> Errors { get; init; } = [];
    /// <summary>Human summary: what was loaded or why the file was rejected.</summary>
    public string? Message { get; init; }
    /// <summary>True when an identical file (same SHA-256) had already been ingested: nothing was loaded again.</summary>
    public bool AlreadyIngested { get; init; }
    /// <summary>The earlier ingestion holding the identical file's data, when <see cref="AlreadyIngested"/>.</summary>
    public Guid? DuplicateOf { get; init; }
    /// <summary>Earlier ingestions whose every billing period this one replaced (now <c>superseded</c>).</summary>
    public IReadOnlyList<Guid> Superseded { get; init; } = [];
    public string? FileHash { get; init; }
    public TimeSpan Elapsed { get; init; }

    public bool Succeeded => Status == Billing.IngestionStatus.Succeeded;
}

/// <summary>Format names, as accepted by <c>--format</c> and stored in <c>ingestions.format</c>.</summary>
public static class IngestionFormats
{
    public const string Auto = "auto";
    public const string Focus = "focus";
    public const string AwsCur = "aws-cur";
    public const string AwsCur2 = "aws-cur2";
    public const string Azure = "azure";
    public const string Gcp = "gcp";
    public const string Oci = "oci";
    public const string Usage = "usage";

    public static readonly IReadOnlyList<string> All = [Focus, AwsCur, AwsCur2, Azure, Gcp, Oci, Usage];

    /// <summary>Null for auto-detection; the canonical name; or throws for an unknown name.</summary>
    public static string? Parse(string? format)
    {
        if (string.IsNullOrWhiteSpace(format) || format.Equals(Auto, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        var f = format.Trim().ToLowerInvariant();
        return f switch
        {
            "cur" or "aws" or "aws-cur" or "cur1" => AwsCur,
            "cur2" or "aws-cur2" or "cur2.0" or "aws-cur-2" => AwsCur2,
            "oracle" => Oci,
            "google" or "gcp" => Gcp,
            _ when All.Contains(f) => f,
            _ => throw new DomainValidationException("format", $"Unknown format '{format}': use one of auto, {string.Join(", ", All)}."),
        };
    }
}
