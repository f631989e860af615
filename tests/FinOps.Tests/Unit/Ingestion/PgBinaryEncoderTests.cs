using FinOps.Core.Ingestion.Loading;

namespace FinOps.Tests.Unit.Ingestion;

public sealed class PgBinaryEncoderTests
{
    private static short[] Numeric(decimal value)
    {
        var encoder = new PgBinaryEncoder(64);
        encoder.WriteNumeric(value);
        var bytes = encoder.Written.ToArray();
        Assert.Equal(bytes.Length - 4, System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(bytes));
        return Enumerable.Range(0, (bytes.Length - 4) / 2).Select(i => System.Buffers.Binary.BinaryPrimitives.ReadInt16BigEndian(bytes.AsSpan(4 + 2 * i))).ToArray();
    }

    [Fact]
    public void Numerics_are_encoded_as_postgres_base_10000_digits()
    {
        // ndigits, weight, sign, dscale, digits…
        Assert.Equal([0, 0, 0, 0], Numeric(0m));
        Assert.Equal([0, 0, 0, 2], Numeric(0.00m));
        Assert.Equal([1, 0, 0, 0, 1234], Numeric(1234m));
        Assert.Equal([2, 1, 0, 0, 1, 2345], Numeric(12345m));
        Assert.Equal([2, 0, 0x4000, 2, 12, 3400], Numeric(-12.34m));
        Assert.Equal([1, -2, 0, 11, 80], Numeric(0.00000080000m));
        Assert.Equal([2, 0, 0, 4, 1, 1], Numeric(1.0001m));
    }

    [Fact]
    public void Largest_decimals_take_the_wide_path()
    {
        var digits = Numeric(decimal.MaxValue); // 79228162514264337593543950335
        Assert.Equal(8, digits[0]);
        Assert.Equal(7, digits[1]);
        Assert.Equal([7, 9228, 1625, 1426, 4337, 5935, 4395, 335], digits[4..]);
    }
}
