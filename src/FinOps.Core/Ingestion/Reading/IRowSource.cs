using FinOps.Core.Ingestion.Loading;

namespace FinOps.Core.Ingestion.Reading;

/// <summary>
/// Rows of a billing or usage file, whatever its container (CSV, JSON lines, Parquet), as UTF-8 text
/// fields addressed by the position of their column in <see cref="Header"/>.
/// </summary>
internal interface IRowSource : IDisposable
{
    /// <summary>Column names, available after <see cref="ReadHeader"/>.</summary>
    string[]? Header { get; }

    /// <summary>Reads the column names; false when the input is empty.</summary>
    bool ReadHeader();

    /// <summary>Advances to the next row; false at the end.</summary>
    bool Read();

    int FieldCount { get; }

    /// <summary>The value of column <paramref name="i"/> in the current row (empty when absent).</summary>
    ReadOnlySpan<byte> Field(int i);

    /// <summary>The same value as a reference that stays valid until the next <see cref="Read"/>.</summary>
    Utf8Ref FieldRef(int i);

    /// <summary>1-based row number as a user finds it: in a CSV, the spreadsheet row (the header is row 1).</summary>
    long RecordNumber { get; }

    /// <summary>1-based line of the file on which the row starts (JSON lines: the line; Parquet: the row).</summary>
    long LineNumber { get; }

    /// <summary>False when the current row holds bytes PostgreSQL text cannot store (invalid UTF-8, NUL).</summary>
    bool IsValidText { get; }

    /// <summary>Bytes consumed so far, for progress.</summary>
    long BytesRead { get; }
}
