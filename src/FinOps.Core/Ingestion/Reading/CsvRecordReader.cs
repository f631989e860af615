using System.Buffers;
using FinOps.Core.Ingestion.Loading;

namespace FinOps.Core.Ingestion.Reading;

/// <summary>
/// A streaming RFC 4180 CSV reader over UTF-8 bytes: quoted fields (with <c>""</c> escapes and embedded
/// newlines), CRLF or LF, a leading BOM. Fields are handed out as spans of its own buffer, valid until the
/// next <see cref="Read"/>, so a row costs no allocation and text can go to the database without a
/// decode/encode round trip. Memory is bounded by <see cref="MaxRecordBytes"/>: a longer record is an error,
/// not an out-of-memory.
/// </summary>
internal sealed class CsvRecordReader : IRowSource
{
    private static readonly SearchValues<byte> Specials = SearchValues.Create(",\r\n"u8);
    private const int InitialBuffer = 1 << 20;

    private readonly Stream stream;
    private byte[] buffer;
    private int start;      // first byte of the current (unread) record
    private int end;        // bytes valid in buffer
    private bool eof;
    private bool bomChecked;

    private int[] fieldStart = new int[64];
    private int[] fieldLength = new int[64];
    private byte[] fieldFlags = new byte[64]; // 1 = quoted, 2 = has escaped quotes (not yet compacted)
    private int fieldCount;
    private int recordStart;
    private int recordLength;
    private long nextLine = 1;

    public CsvRecordReader(Stream stream, int maxRecordBytes)
    {
        this.stream = stream;
        MaxRecordBytes = maxRecordBytes;
        buffer = ArrayPool<byte>.Shared.Rent(Math.Min(InitialBuffer, Math.Max(4096, maxRecordBytes)));
    }

    public int MaxRecordBytes { get; }

    /// <summary>1-based number of the current record; the header is record 1, as a spreadsheet shows it.</summary>
    public long RecordNumber { get; private set; }

    /// <summary>1-based physical line on which the current record starts.</summary>
    public long LineNumber { get; private set; }

    public int FieldCount => fieldCount;

    /// <summary>Bytes consumed from the stream so far (after decompression).</summary>
    public long BytesRead { get; private set; }

    public string[]? Header { get; private set; }

    /// <summary>Reads the header record; false when the input holds no record at all.</summary>
    public bool ReadHeader()
    {
        if (!Read())
        {
            return false;
        }
        var header = new string[fieldCount];
        for (var i = 0; i < fieldCount; i++)
        {
            header[i] = System.Text.Encoding.UTF8.GetString(Field(i)).Trim();
        }
        Header = header;
        return true;
    }

    /// <summary>Advances to the next record, skipping blank lines. Throws <see cref="CsvFormatException"/> on malformed input.</summary>
    public bool Read()
    {
        while (true)
        {
            if (!TryParseRecord(out var consumed, out var lines))
            {
                return false;
            }
            LineNumber = nextLine;
            nextLine += lines;
            recordStart = start;
            recordLength = consumed;
            start += consumed;
            if (fieldCount == 1 && fieldLength[0] == 0 && fieldFlags[0] == 0)
            {
                continue; // blank line
            }
            RecordNumber++;
            return true;
        }
    }

    /// <summary>The bytes of field <paramref name="i"/> of the current record, quotes removed and unescaped.</summary>
    public ReadOnlySpan<byte> Field(int i)
    {
        if (i >= fieldCount)
        {
            return default;
        }
        if ((fieldFlags[i] & 2) != 0)
        {
            Compact(i);
        }
        return new ReadOnlySpan<byte>(buffer, fieldStart[i], fieldLength[i]);
    }

    public Utf8Ref FieldRef(int i)
    {
        if (i >= fieldCount)
        {
            return new Utf8Ref(buffer, 0, 0);
        }
        if ((fieldFlags[i] & 2) != 0)
        {
            Compact(i);
        }
        return new Utf8Ref(buffer, fieldStart[i], fieldLength[i]);
    }

    public bool IsQuoted(int i) => (fieldFlags[i] & 1) != 0;

    /// <summary>
    /// True when the current record is UTF-8 without NUL bytes, as PostgreSQL's text needs. Checked per
    /// record (vectorized) rather than per field; call before any field is unescaped.
    /// </summary>
    public bool IsValidText
    {
        get
        {
            var raw = new ReadOnlySpan<byte>(buffer, recordStart, recordLength);
            return raw.IndexOf((byte)0) < 0 && System.Text.Unicode.Utf8.IsValid(raw);
        }
    }

    /// <summary>Removes the doubled quotes of a quoted field in place (the result is shorter, so it fits).</summary>
    private void Compact(int i)
    {
        var span = new Span<byte>(buffer, fieldStart[i], fieldLength[i]);
        var w = 0;
        for (var r = 0; r < span.Length; r++)
        {
            span[w++] = span[r];
            if (span[r] == (byte)'"' && r + 1 < span.Length && span[r + 1] == (byte)'"')
            {
                r++;
            }
        }
        fieldLength[i] = w;
        fieldFlags[i] &= 1;
    }

    /// <summary>
    /// Tokenizes one record starting at <see cref="start"/> without modifying the buffer, so it can be
    /// restarted after a refill. Records field offsets relative to the buffer.
    /// </summary>
    private bool TryParseRecord(out int consumed, out int lines)
    {
        while (true)
        {
            if (!bomChecked)
            {
                EnsureData(3);
                bomChecked = true;
                if (end - start >= 3 && buffer[start] == 0xEF && buffer[start + 1] == 0xBB && buffer[start + 2] == 0xBF)
                {
                    start += 3;
                }
            }
            if (start >= end)
            {
                if (eof || !Fill())
                {
                    consumed = 0;
                    lines = 0;
                    return false;
                }
            }
            var result = Tokenize(out consumed, out lines);
            if (result)
            {
                return true;
            }
            // Incomplete record in the buffer: read more (or finish at end of input).
            if (eof)
            {
                throw new CsvFormatException(RecordNumber + 1, nextLine, "The file ends inside a quoted field (unbalanced quotes): it is truncated or malformed.");
            }
            if (end - start >= MaxRecordBytes)
            {
                throw new CsvFormatException(RecordNumber + 1, nextLine,
                    $"A record is longer than the limit of {MaxRecordBytes:N0} bytes (a missing closing quote, or not a CSV file).");
            }
            Fill();
        }
    }

    /// <summary>Tokenizes the record at <see cref="start"/>; false when the buffer ends before the record does.</summary>
    private bool Tokenize(out int consumed, out int lines)
    {
        var span = new ReadOnlySpan<byte>(buffer, start, end - start);
        var pos = 0;
        fieldCount = 0;
        lines = 1;
        while (true)
        {
            if (fieldCount == fieldStart.Length)
            {
                Array.Resize(ref fieldStart, fieldCount * 2);
                Array.Resize(ref fieldLength, fieldCount * 2);
                Array.Resize(ref fieldFlags, fieldCount * 2);
            }
            if (pos < span.Length && span[pos] == (byte)'"')
            {
                // Quoted field: find the closing quote that is not doubled.
                var contentStart = pos + 1;
                var p = contentStart;
                byte flags = 1;
                while (true)
                {
                    var q = span[p..].IndexOfAny((byte)'"', (byte)'\n');
                    if (q < 0)
                    {
                        consumed = 0;
                        return false;
                    }
                    p += q;
                    if (span[p] == (byte)'\n')
                    {
                        lines++;
                        p++;
                        continue;
                    }
                    if (p + 1 >= span.Length)
                    {
                        if (!eof)
                        {
                            consumed = 0;
                            return false; // cannot tell yet whether the quote is doubled
                        }
                        break;
                    }
                    if (span[p + 1] == (byte)'"')
                    {
                        flags = 3;
                        p += 2;
                        continue;
                    }
                    break;
                }
                fieldStart[fieldCount] = start + contentStart;
                fieldLength[fieldCount] = p - contentStart;
                fieldFlags[fieldCount] = flags;
                fieldCount++;
                pos = p + 1;
                // Lenient: skip anything between the closing quote and the delimiter ("abc"def → abc).
                var rest = pos < span.Length && span[pos] is (byte)',' or (byte)'\n' or (byte)'\r' ? 0 : span[pos..].IndexOfAny(Specials);
                if (rest < 0)
                {
                    if (!eof)
                    {
                        consumed = 0;
                        return false;
                    }
                    consumed = span.Length;
                    return true;
                }
                pos += rest;
            }
            else
            {
                var next = span[pos..].IndexOfAny(Specials);
                if (next < 0)
                {
                    if (!eof)
                    {
                        consumed = 0;
                        return false;
                    }
                    fieldStart[fieldCount] = start + pos;
                    fieldLength[fieldCount] = span.Length - pos;
                    fieldFlags[fieldCount] = 0;
                    fieldCount++;
                    consumed = span.Length;
                    return true;
                }
                fieldStart[fieldCount] = start + pos;
                fieldLength[fieldCount] = next;
                fieldFlags[fieldCount] = 0;
                fieldCount++;
                pos += next;
            }

            var c = span[pos];
            if (c == (byte)',')
            {
                pos++;
                if (pos >= span.Length && !eof)
                {
                    consumed = 0;
                    return false;
                }
                if (pos >= span.Length)
                {
                    // Trailing delimiter at end of input: one more empty field.
                    fieldStart[fieldCount] = start + pos;
                    fieldLength[fieldCount] = 0;
                    fieldFlags[fieldCount] = 0;
                    fieldCount++;
                    consumed = pos;
                    return true;
                }
                continue;
            }
            // End of line: \n, \r\n or a lone \r.
            if (c == (byte)'\r')
            {
                if (pos + 1 >= span.Length && !eof)
                {
                    consumed = 0;
                    return false;
                }
                pos += pos + 1 < span.Length && span[pos + 1] == (byte)'\n' ? 2 : 1;
            }
            else
            {
                pos++;
            }
            consumed = pos;
            return true;
        }
    }

    private void EnsureData(int bytes)
    {
        while (!eof && end - start < bytes)
        {
            Fill();
        }
    }

    /// <summary>Moves the unread bytes to the front (growing the buffer when a record needs it) and reads more.</summary>
    private bool Fill()
    {
        if (eof)
        {
            return false;
        }
        var unread = end - start;
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, unread);
            start = 0;
            end = unread;
        }
        if (end == buffer.Length)
        {
            var bigger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, MaxRecordBytes + 4096));
            if (bigger.Length <= buffer.Length)
            {
                ArrayPool<byte>.Shared.Return(bigger);
                throw new CsvFormatException(RecordNumber + 1, nextLine,
                    $"A record is longer than the limit of {MaxRecordBytes:N0} bytes (a missing closing quote, or not a CSV file).");
            }
            Buffer.BlockCopy(buffer, 0, bigger, 0, end);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = bigger;
        }
        var read = stream.Read(buffer, end, buffer.Length - end);
        if (read == 0)
        {
            eof = true;
            return false;
        }
        end += read;
        BytesRead += read;
        return true;
    }

    public void Dispose()
    {
        var b = buffer;
        buffer = [];
        if (b.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(b);
        }
    }
}

/// <summary>The input cannot be read as CSV at the given record.</summary>
public sealed class CsvFormatException(long row, long line, string message) : Exception(message)
{
    public long Row { get; } = row;
    public long Line { get; } = line;
}
