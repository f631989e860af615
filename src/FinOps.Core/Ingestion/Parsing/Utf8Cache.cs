using System.Collections.Concurrent;
using System.Text;

namespace FinOps.Core.Ingestion.Parsing;

/// <summary>
/// Memoizes a function of a UTF-8 value (a line item type, a product code) without allocating a string
/// per row: looked up by span, computed once per distinct value. Bounded, so a high-cardinality column
/// cannot grow it without limit.
/// </summary>
internal sealed class Utf8Cache<T>(Func<string, T> factory, int capacity = 4096)
{
    private readonly Dictionary<byte[], T> entries = new(ByteArrayComparer.Instance);

    public T Get(ReadOnlySpan<byte> key)
    {
        var lookup = entries.GetAlternateLookup<ReadOnlySpan<byte>>();
        if (lookup.TryGetValue(key, out var value))
        {
            return value;
        }
        value = factory(Encoding.UTF8.GetString(key));
        if (entries.Count < capacity)
        {
            entries[key.ToArray()] = value;
        }
        return value;
    }
}

internal sealed class ByteArrayComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
{
    public static readonly ByteArrayComparer Instance = new();

    public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);
    public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);
    public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);
    public int GetHashCode(ReadOnlySpan<byte> alternate)
    {
        var hash = new HashCode();
        hash.AddBytes(alternate);
        return hash.ToHashCode();
    }
    public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
}

/// <summary>UTF-8 forms of the constant strings the readers write, shared and allocated once.</summary>
internal static class U8
{
    private static readonly ConcurrentDictionary<string, byte[]> Literals = new(StringComparer.Ordinal);

    public static byte[] Of(string value) => Literals.GetOrAdd(value, static v => Encoding.UTF8.GetBytes(v));

    public static byte[]? OfNullable(string? value) => value is null ? null : Of(value);
}
