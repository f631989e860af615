using System.Buffers.Binary;

namespace FinOps.Core.Ingestion.Loading;

/// <summary>
/// Writes PostgreSQL's binary COPY format into a reusable buffer: no boxing, no per-field calls into the
/// driver, text passed through as the UTF-8 bytes it already is. The caller hands full buffers to a raw
/// binary COPY stream (<see cref="Npgsql.NpgsqlConnection.BeginRawBinaryCopyAsync"/>).
/// </summary>
internal sealed class PgBinaryEncoder(int capacity = 1 << 20)
{
    private static readonly byte[] Signature = [(byte)'P', (byte)'G', (byte)'C', (byte)'O', (byte)'P', (byte)'Y', (byte)'\n', 0xFF, (byte)'\r', (byte)'\n', 0];

    private byte[] buffer = new byte[capacity];
    private int pos;

    public int Length => pos;
    public ReadOnlySpan<byte> Written => buffer.AsSpan(0, pos);
    public ReadOnlyMemory<byte> WrittenMemory => buffer.AsMemory(0, pos);
    public byte[] Buffer => buffer;

    public void Reset() => pos = 0;

    public void WriteHeader()
    {
        Room(Signature.Length + 8);
        Signature.CopyTo(buffer, pos);
        pos += Signature.Length;
        WriteInt32Raw(0); // flags
        WriteInt32Raw(0); // header extension length
    }

    public void WriteTrailer()
    {
        Room(2);
        BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(pos), -1);
        pos += 2;
    }

    public void StartRow(short fieldCount)
    {
        Room(2);
        BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(pos), fieldCount);
        pos += 2;
    }

    public void WriteNull()
    {
        Room(4);
        WriteInt32Raw(-1);
    }

    public void WriteText(ReadOnlySpan<byte> utf8)
    {
        Room(4 + utf8.Length);
        WriteInt32Raw(utf8.Length);
        utf8.CopyTo(buffer.AsSpan(pos));
        pos += utf8.Length;
    }

    public void WriteText(in Utf8Ref value)
    {
        if (value.IsNull)
        {
            WriteNull();
        }
        else
        {
            WriteText(value.Span);
        }
    }

    /// <summary>jsonb's binary form is a version byte (1) followed by the JSON text.</summary>
    public void WriteJsonb(ReadOnlySpan<byte> json)
    {
        Room(5 + json.Length);
        WriteInt32Raw(json.Length + 1);
        buffer[pos++] = 1;
        json.CopyTo(buffer.AsSpan(pos));
        pos += json.Length;
    }

    /// <summary>timestamptz: microseconds since 2000-01-01 UTC.</summary>
    public void WriteTimestamp(long pgMicros)
    {
        Room(12);
        WriteInt32Raw(8);
        BinaryPrimitives.WriteInt64BigEndian(buffer.AsSpan(pos), pgMicros);
        pos += 8;
    }

    public void WriteInt32(int value)
    {
        Room(8);
        WriteInt32Raw(4);
        WriteInt32Raw(value);
    }

    public void WriteFloat8(double value)
    {
        Room(12);
        WriteInt32Raw(8);
        BinaryPrimitives.WriteDoubleBigEndian(buffer.AsSpan(pos), value);
        pos += 8;
    }

    /// <summary>A uuid already in network byte order.</summary>
    public void WriteUuid(ReadOnlySpan<byte> bigEndian16)
    {
        Room(20);
        WriteInt32Raw(16);
        bigEndian16.CopyTo(buffer.AsSpan(pos));
        pos += 16;
    }

    /// <summary>
    /// numeric: base-10000 digits with weight, sign and display scale. The display scale is the
    /// decimal's own scale, so <c>0.00000080000</c> round-trips with its trailing zeros.
    /// </summary>
    public void WriteNumeric(decimal value)
    {
        Span<int> bits = stackalloc int[4];
        decimal.GetBits(value, bits);
        var scale = (bits[3] >> 16) & 0xFF;
        var negative = bits[3] < 0;
        var lo = (uint)bits[0] | ((ulong)(uint)bits[1] << 32);
        var hi = (uint)bits[2];

        Span<short> groups = stackalloc short[12]; // least significant first
        var n = 0;
        var pad = (4 - scale % 4) % 4;
        var fracGroups = (scale + pad) / 4;
        if (hi == 0 && lo < 1UL << 53)
        {
            var m = lo * Pow10(pad);
            while (m != 0)
            {
                groups[n++] = (short)(m % 10000);
                m /= 10000;
            }
        }
        else
        {
            var m = (((UInt128)hi << 64) | lo) * Pow10(pad);
            while (m != UInt128.Zero)
            {
                groups[n++] = (short)(ushort)(m % 10000);
                m /= 10000;
            }
        }
        if (n == 0)
        {
            Room(12);
            WriteInt32Raw(8);
            WriteInt16Raw(0);
            WriteInt16Raw(0);
            WriteInt16Raw(0);
            WriteInt16Raw((short)scale);
            return;
        }
        var lsb = 0;
        while (groups[lsb] == 0)
        {
            lsb++;
        }
        var ndigits = n - lsb;
        var weight = n - 1 - fracGroups;
        Room(4 + 8 + 2 * ndigits);
        WriteInt32Raw(8 + 2 * ndigits);
        WriteInt16Raw((short)ndigits);
        WriteInt16Raw((short)weight);
        WriteInt16Raw(negative ? (short)0x4000 : (short)0);
        WriteInt16Raw((short)scale);
        for (var i = n - 1; i >= lsb; i--)
        {
            WriteInt16Raw(groups[i]);
        }
    }

    private static ulong Pow10(int pad) => pad switch { 0 => 1, 1 => 10, 2 => 100, _ => 1000 };

    private void WriteInt32Raw(int value)
    {
        BinaryPrimitives.WriteInt32BigEndian(buffer.AsSpan(pos), value);
        pos += 4;
    }

    private void WriteInt16Raw(short value)
    {
        BinaryPrimitives.WriteInt16BigEndian(buffer.AsSpan(pos), value);
        pos += 2;
    }

    private void Room(int bytes)
    {
        if (pos + bytes > buffer.Length)
        {
            Array.Resize(ref buffer, Math.Max(buffer.Length * 2, pos + bytes));
        }
    }
}
