using System.Collections;
using System.Globalization;
using System.Text;
using System.Text.Json;
using FinOps.Core.Ingestion.Loading;
using Parquet;
using Parquet.Schema;
using Parquet.Serialization;

namespace FinOps.Core.Ingestion.Reading;

/// <summary>
/// A Parquet file read one row group at a time (memory is bounded by the largest row group), its values
/// rendered as the UTF-8 text the mappers parse: structs flattened to dotted names
/// (<c>service.description</c>), maps and lists as JSON (<c>resource_tags</c>, <c>credits</c>),
/// timestamps as ISO 8601 UTC.
/// </summary>
internal sealed class ParquetRowSource : IRowSource
{
    private readonly FileStream stream;
    private readonly ParquetReader reader;
    private readonly ParquetOptions options = new() { TreatByteArrayAsString = true };
    private readonly Dictionary<string, int> columnIndex = new(StringComparer.Ordinal);
    private IList<Dictionary<string, object>>? rows;
    private int rowGroup = -1;
    private int rowInGroup;
    private long record;
    private byte[] values = new byte[16 * 1024];
    private int[] starts = [];
    private int[] lengths = [];
    private int used;

    static ParquetRowSource() => ParquetOptions.PreferUntypedString = true;

    public ParquetRowSource(string path)
    {
        stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        try
        {
            reader = ParquetReader.CreateAsync(stream, options, leaveStreamOpen: true).GetAwaiter().GetResult();
        }
        catch (Exception e) when (e is IOException or InvalidDataException or InvalidOperationException or NotSupportedException)
        {
            stream.Dispose();
            throw new IngestionRejectedException($"The Parquet file cannot be read: {e.Message}");
        }
    }

    public string[]? Header { get; private set; }
    public int FieldCount => Header?.Length ?? 0;
    public long RecordNumber => record;
    public long LineNumber => record;
    public long BytesRead => stream.Position;
    public bool IsValidText => true;

    public bool ReadHeader()
    {
        var names = new List<string>();
        foreach (var field in reader.Schema.Fields)
        {
            AddNames(field, "", names);
        }
        Header = names.ToArray();
        for (var i = 0; i < Header.Length; i++)
        {
            columnIndex.TryAdd(Header[i], i);
        }
        starts = new int[Header.Length];
        lengths = new int[Header.Length];
        return true;
    }

    private static void AddNames(Field field, string prefix, List<string> names)
    {
        if (field is StructField s)
        {
            foreach (var child in s.Fields)
            {
                AddNames(child, prefix + field.Name + ".", names);
            }
        }
        else
        {
            names.Add(prefix + field.Name);
        }
    }

    public bool Read()
    {
        while (rows is null || rowInGroup >= rows.Count)
        {
            rowGroup++;
            if (rowGroup >= reader.RowGroupCount)
            {
                return false;
            }
            stream.Position = 0;
            var result = ParquetSerializer.DeserializeUntypedAsync(stream, options, rowGroup).GetAwaiter().GetResult();
            rows = result.Data;
            rowInGroup = 0;
        }
        var row = rows[rowInGroup++];
        record++;
        used = 0;
        Array.Clear(lengths);
        for (var i = 0; i < starts.Length; i++)
        {
            starts[i] = 0;
        }
        foreach (var (key, value) in row)
        {
            Put(key, value);
        }
        return true;
    }

    private void Put(string name, object? value)
    {
        if (value is IDictionary<string, object?> nested && !columnIndex.ContainsKey(name))
        {
            foreach (var (k, v) in nested)
            {
                Put(name + "." + k, v);
            }
            return;
        }
        if (!columnIndex.TryGetValue(name, out var index) || value is null)
        {
            return;
        }
        var text = value switch
        {
            string s => s,
            DateTime dt => dt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            DateTimeOffset dto => dto.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss.ffffffZ", CultureInfo.InvariantCulture),
            DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            decimal m => m.ToString(CultureInfo.InvariantCulture),
            double f => f.ToString("R", CultureInfo.InvariantCulture),
            float f => f.ToString("R", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            ReadOnlyMemory<char> chars => chars.ToString(),
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            IDictionary or IEnumerable => JsonSerializer.Serialize(ToJsonValue(value)),
            _ => value.ToString() ?? "",
        };
        var byteCount = Encoding.UTF8.GetMaxByteCount(text.Length);
        if (used + byteCount > values.Length)
        {
            Array.Resize(ref values, Math.Max(values.Length * 2, used + byteCount));
        }
        var n = Encoding.UTF8.GetBytes(text, values.AsSpan(used));
        starts[index] = used;
        lengths[index] = n;
        used += n;
    }

    /// <summary>Maps as objects, lists as arrays: what the mappers expect for tags and credits.</summary>
    private static object? ToJsonValue(object? value) => value switch
    {
        null => null,
        string or bool or decimal or double or float or long or int or short or byte => value,
        DateTime dt => dt.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.UtcDateTime.ToString("O", CultureInfo.InvariantCulture),
        ReadOnlyMemory<char> chars => chars.ToString(),
        IDictionary<string, object?> map => map.ToDictionary(kv => kv.Key, kv => ToJsonValue(kv.Value)),
        IDictionary map => map.Keys.Cast<object>().ToDictionary(k => Convert.ToString(k, CultureInfo.InvariantCulture) ?? "", k => ToJsonValue(map[k])),
        IEnumerable list => list.Cast<object?>().Select(ToJsonValue).ToList(),
        _ => value.ToString(),
    };

    public ReadOnlySpan<byte> Field(int i) => new(values, starts[i], lengths[i]);

    public Utf8Ref FieldRef(int i) => new(values, starts[i], lengths[i]);

    public void Dispose()
    {
        reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        stream.Dispose();
    }
}
