using System.Text;
using FinOps.Core.Ingestion.Parsing;

namespace FinOps.Tests.Unit.Ingestion;

public sealed class ValueParsersTests
{
    [Theory]
    [InlineData("2024-09-18 23:00:00", "2024-09-18T23:00:00Z")]
    [InlineData("2024-09-18T23:00:00Z", "2024-09-18T23:00:00Z")]
    [InlineData("2023-11-01T00:00:00.000Z", "2023-11-01T00:00:00Z")]
    [InlineData("2023-11-13T10:00Z", "2023-11-13T10:00:00Z")]
    [InlineData("2024-09-18T23:00:00+02:00", "2024-09-18T21:00:00Z")]
    [InlineData("2024-09-18T01:30:00-0330", "2024-09-18T05:00:00Z")]
    [InlineData("2024-09-18 23:00:00 UTC", "2024-09-18T23:00:00Z")]
    [InlineData("2024-09-18T23:00:00.1234567Z", "2024-09-18T23:00:00.123456Z")]
    [InlineData("2024-09-18", "2024-09-18T00:00:00Z")]
    [InlineData("09/01/2023", "2023-09-01T00:00:00Z")]
    [InlineData("9/2/2023", "2023-09-02T00:00:00Z")]
    [InlineData("9/2/2023 1:05:00 PM", "2023-09-02T13:05:00Z")]
    [InlineData("20240131", "2024-01-31T00:00:00Z")]
    [InlineData("202403", "2024-03-01T00:00:00Z")]
    [InlineData("  2024-02-29T12:00:00Z ", "2024-02-29T12:00:00Z")]
    public void Timestamps_in_every_export_style_parse_to_utc(string text, string expected)
    {
        Assert.True(ValueParsers.TryParseTimestamp(Encoding.UTF8.GetBytes(text), out var micros));
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), ValueParsers.ToDateTimeOffset(micros));
    }

    [Theory]
    [InlineData("")]
    [InlineData("yesterday")]
    [InlineData("2024-13-01")]
    [InlineData("2023-02-29")]
    [InlineData("2024-09-18T25:00:00Z")]
    [InlineData("2024-09-18T23:00:00 CEST")]
    [InlineData("13/45/2023")]
    public void Invalid_timestamps_are_refused(string text) =>
        Assert.False(ValueParsers.TryParseTimestamp(Encoding.UTF8.GetBytes(text), out _));

    [Theory]
    [InlineData("0.00000080000", "0.00000080000")]
    [InlineData("-10.00", "-10.00")]
    [InlineData("5.64902E-05", "0.0000564902")]
    [InlineData("1.60101e-07", "0.000000160101")]
    [InlineData("+3", "3")]
    [InlineData(" 42.5 ", "42.5")]
    [InlineData("0.0000000072922557592391990000", "0.0000000072922557592391990000")]
    public void Decimals_parse_exactly(string text, string expected)
    {
        Assert.True(ValueParsers.TryParseDecimal(Encoding.UTF8.GetBytes(text), out var value));
        Assert.Equal(decimal.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), value);
    }

    [Theory]
    [InlineData("12,5")]
    [InlineData("1.2.3")]
    [InlineData("abc")]
    [InlineData("$3")]
    public void Bad_numbers_are_refused(string text) =>
        Assert.False(ValueParsers.TryParseDecimal(Encoding.UTF8.GetBytes(text), out _));

    [Theory]
    [InlineData("", true)]
    [InlineData("NULL", true)]
    [InlineData("null", true)]
    [InlineData("Null", false)]
    [InlineData("0", false)]
    public void Null_literals_are_recognised(string text, bool isNull) =>
        Assert.Equal(isNull, ValueParsers.IsNull(Encoding.UTF8.GetBytes(text)));
}
