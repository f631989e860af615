using System.Text.Json;
using FinOps.Core.Ingestion.Loading;

namespace FinOps.Core.Ingestion.Reading;

/// <summary>
/// JSON lines (one object per line, as BigQuery exports a table): nested objects are flattened to dotted
/// names (<c>service.description</c>), arrays are kept as their JSON text (<c>credits</c>, <c>labels</c>).
/// The columns are the known GCP billing export fields plus every key met in the first lines; BigQuery
/// omits null fields, so rows need not all carry the same keys.
/// </summary>
internal sealed class JsonLinesRowSource : IRowSource
{
    private const int SampleLines = 200;

    internal static readonly string[] GcpFields =
    [
        "billing_account_id", "service.id", "service.description", "sku.id", "sku.description", "usage_start_time", "usage_end_time",
        "project.id", "project.number", "project.name", "labels", "system_labels", "location.location", "location.country",
        "location.region", "location.zone", "resource.name", "resource.global_name", "export_time", "cost", "currency",
        "currency_conversion_rate", "usage.amount", "usage.unit", "usage.amount_in_pricing_units", "usage.pricing_unit", "credits",
        "invoice.month", "cost_type", "cost_at_list", "seller_name", "transaction_type", "price.effective_price",
        "price.tier_start_amount", "price.unit", "price.pricing_unit_quantity",
    ];

    private readonly CsvLineReader lines;
    private readonly Queue<(byte[] Line, long Number)> sampled = new();
    private readonly Dictionary<string, int> columnIndex = new(StringComparer.Ordinal);
    private byte[] values = new byte[16 * 1024];
    private int[] starts = [];
    private int[] lengths = [];
    private int used;
    private byte[] current = [];
    private int currentLength;

    public JsonLinesRowSource(Stream stream, int maxRecordBytes)
    {
        lines = new CsvLineReader(stream, maxRecordBytes);
    }

    public string[]? Header { get; private set; }
    public int FieldCount => Header?.Length ?? 0;
    public long RecordNumber { get; private set; }
    public long LineNumber => RecordNumber;
    public long BytesRead => lines.BytesRead;
    public bool IsValidText { get; private set; } = true;

    public bool ReadHeader()
    {
        var names = new List<string>(GcpFields);
        var known = new HashSet<string>(names, StringComparer.Ordinal);
        while (sampled.Count < SampleLines && lines.TryReadLine(out var line, out var number))
        {
            var copy = line.ToArray();
            sampled.Enqueue((copy, number));
            try
            {
                var reader = new Utf8JsonReader(copy);
                if (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    CollectKeys(ref reader, "", names, known);
                }
            }
            catch (JsonException)
            {
                // Reported with its line number when the row is read.
            }
        }
        if (sampled.Count == 0)
        {
            return false;
        }
        Header = names.ToArray();
        for (var i = 0; i < Header.Length; i++)
        {
            columnIndex[Header[i]] = i;
        }
        starts = new int[Header.Length];
        lengths = new int[Header.Length];
        return true;
    }

    private static void CollectKeys(ref Utf8JsonReader reader, string prefix, List<string> names, HashSet<string> known)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = prefix + reader.GetString();
            reader.Read();
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                CollectKeys(ref reader, name + ".", names, known);
                continue;
            }
            if (reader.TokenType == JsonTokenType.StartArray)
            {
                reader.Skip();
            }
            if (known.Add(name))
            {
                names.Add(name);
            }
        }
    }

    public bool Read()
    {
        long number;
        if (sampled.TryDequeue(out var s))
        {
            current = s.Line;
            currentLength = s.Line.Length;
            number = s.Number;
        }
        else if (lines.TryReadLine(out var line, out number))
        {
            if (current.Length < line.Length)
            {
                current = new byte[Math.Max(line.Length, current.Length * 2)];
            }
            line.CopyTo(current);
            currentLength = line.Length;
        }
        else
        {
            return false;
        }
        RecordNumber = number;
        used = 0;
        Array.Clear(lengths);
        var span = current.AsSpan(0, currentLength);
        IsValidText = System.Text.Unicode.Utf8.IsValid(span);
        try
        {
            var reader = new Utf8JsonReader(span);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new JsonException("not an object");
            }
            Flatten(ref reader, span, "");
        }
        catch (JsonException e)
        {
            throw new IngestionRejectedException($"Line {number} is not a JSON object: {e.Message}",
                [new IngestionError(number, null, $"Not a JSON object: {e.Message}")]);
        }
        return true;
    }

    private void Flatten(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, string prefix)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = prefix.Length == 0 ? reader.GetString()! : prefix + reader.GetString();
            reader.Read();
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject when !columnIndex.ContainsKey(name):
                    Flatten(ref reader, line, name + ".");
                    break;
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    var from = (int)reader.TokenStartIndex;
                    reader.Skip();
                    Put(name, line[from..(int)reader.BytesConsumed]);
                    break;
                case JsonTokenType.String:
                    if (columnIndex.TryGetValue(name, out var index))
                    {
                        var max = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
                        Room(max);
                        var n = reader.CopyString(values.AsSpan(used));
                        starts[index] = used;
                        lengths[index] = n;
                        used += n;
                    }
                    break;
                case JsonTokenType.Null:
                    break;
                default:
                    Put(name, reader.ValueSpan);
                    break;
            }
        }
    }

    private void Put(string name, ReadOnlySpan<byte> value)
    {
        if (!columnIndex.TryGetValue(name, out var index))
        {
            return;
        }
        Room(value.Length);
        value.CopyTo(values.AsSpan(used));
        starts[index] = used;
        lengths[index] = value.Length;
        used += value.Length;
    }

    private void Room(int bytes)
    {
        if (used + bytes > values.Length)
        {
            Array.Resize(ref values, Math.Max(values.Length * 2, used + bytes));
        }
    }

    public ReadOnlySpan<byte> Field(int i) => new(values, starts[i], lengths[i]);

    public Utf8Ref FieldRef(int i) => new(values, starts[i], lengths[i]);

    public void Dispose() => lines.Dispose();
}

/// <summary>Reads LF or CRLF terminated lines from a stream, bounded in length, skipping blank lines and a BOM.</summary>
internal sealed class CsvLineReader(Stream stream, int maxLineBytes) : IDisposable
{
    private byte[] buffer = new byte[1 << 16];
    private int start;
    private int end;
    private bool eof;
    private long lineNumber;
    private bool bomChecked;

    public long BytesRead { get; private set; }

    public bool TryReadLine(out ReadOnlySpan<byte> line, out long number)
    {
        while (true)
        {
            var nl = buffer.AsSpan(start, end - start).IndexOf((byte)'\n');
            if (nl < 0 && !eof)
            {
                if (end - start > maxLineBytes)
                {
                    throw new IngestionRejectedException($"Line {lineNumber + 1} is longer than the limit of {maxLineBytes:N0} bytes.");
                }
                Fill();
                continue;
            }
            if (nl < 0 && start >= end)
            {
                line = default;
                number = 0;
                return false;
            }
            var length = nl < 0 ? end - start : nl;
            var span = buffer.AsSpan(start, length);
            start += nl < 0 ? length : length + 1;
            lineNumber++;
            if (!bomChecked)
            {
                bomChecked = true;
                if (span.StartsWith("\uFEFF"u8))
                {
                    span = span[3..];
                }
            }
            if (span.Length > 0 && span[^1] == (byte)'\r')
            {
                span = span[..^1];
            }
            if (span.Trim((byte)' ').IsEmpty)
            {
                continue;
            }
            line = span;
            number = lineNumber;
            return true;
        }
    }

    private void Fill()
    {
        if (start > 0)
        {
            Buffer.BlockCopy(buffer, start, buffer, 0, end - start);
            end -= start;
            start = 0;
        }
        if (end == buffer.Length)
        {
            Array.Resize(ref buffer, buffer.Length * 2);
        }
        var n = stream.Read(buffer, end, buffer.Length - end);
        if (n == 0)
        {
            eof = true;
        }
        end += n;
        BytesRead += n;
    }

    public void Dispose() => stream.Dispose();
}
