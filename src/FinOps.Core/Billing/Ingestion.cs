namespace FinOps.Core.Billing;

/// <summary>One attempt to load one billing or usage file.</summary>
public sealed class Ingestion
{
    public Guid Id { get; set; }
    /// <summary>Where the file came from: <c>upload</c>, <c>cli</c>, <c>folder</c>, <c>bucket</c>, <c>demo</c>.</summary>
    public required string Source { get; set; }
    public required string FileName { get; set; }
    public long FileSize { get; set; }
    /// <summary>SHA-256 of the file's bytes, hex.</summary>
    public string? FileHash { get; set; }
    /// <summary>Format detected from the header: <c>focus</c>, <c>aws-cur</c>, <c>aws-cur2</c>, <c>azure</c>, <c>gcp</c>, <c>oci</c>, <c>usage</c>.</summary>
    public string? Format { get; set; }
    public string? FormatVersion { get; set; }
    public string? ProviderName { get; set; }
    public string? BillingAccountId { get; set; }
    /// <summary>Billing period starts the file covers, as a JSON array of dates.</summary>
    public string BillingPeriods { get; set; } = "[]";
    public string Status { get; set; } = IngestionStatus.Pending;
    public long RowsRead { get; set; }
    public long RowsLoaded { get; set; }
    public long RowsRejected { get; set; }
    /// <summary>The first errors with row and column, as a JSON array.</summary>
    public string Errors { get; set; } = "[]";
    public string? ErrorMessage { get; set; }
    public string? CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

public static class IngestionStatus
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Failed = "failed";
    /// <summary>A later ingestion of the same billing period replaced this one's rows.</summary>
    public const string Superseded = "superseded";
}
