using System.Text;
using FinOps.Core.Ingestion.Reading;

namespace FinOps.Tests.Unit.Ingestion;

public sealed class CsvRecordReaderTests
{
    /// <summary>A stream that hands out one byte per read, so every buffer boundary is exercised.</summary>
    private sealed class TrickleStream(byte[] data) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, 1));
        public override int Read(Span<byte> buffer) => base.Read(buffer[..Math.Min(buffer.Length, 1)]);
    }

    private static List<(long Row, long Line, string[] Fields)> ReadAll(string csv, bool trickle = false, int max = 1 << 20)
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(csv)).ToArray();
        using var reader = new CsvRecordReader(trickle ? new TrickleStream(bytes) : new MemoryStream(bytes), max);
        Assert.True(reader.ReadHeader());
        var rows = new List<(long, long, string[])> { (1, 1, reader.Header!) };
        while (reader.Read())
        {
            rows.Add((reader.RecordNumber, reader.LineNumber, Enumerable.Range(0, reader.FieldCount).Select(i => Encoding.UTF8.GetString(reader.Field(i))).ToArray()));
        }
        return rows;
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Quoted_fields_escaped_quotes_embedded_newlines_crlf_and_bom(bool trickle)
    {
        const string csv = "a,b,c\r\n1,\"x, y\",\"he said \"\"hi\"\"\"\r\n2,\"line1\nline2\",\r\n\r\n3,,\"\"\n4,é,NULL";
        var rows = ReadAll(csv, trickle);

        Assert.Equal(["a", "b", "c"], rows[0].Fields); // the BOM is not part of the first name
        Assert.Equal(["1", "x, y", "he said \"hi\""], rows[1].Fields);
        Assert.Equal(["2", "line1\nline2", ""], rows[2].Fields);
        Assert.Equal(["3", "", ""], rows[3].Fields);
        Assert.Equal(["4", "é", "NULL"], rows[4].Fields);
        // Spreadsheet rows count records; lines count the file's lines (the blank one and the embedded newline).
        Assert.Equal([1L, 2, 3, 4, 5], rows.Select(r => r.Row));
        Assert.Equal([1L, 2, 3, 6, 7], rows.Select(r => r.Line));
    }

    [Fact]
    public void Unbalanced_quote_at_end_of_file_is_an_error()
    {
        var e = Assert.Throws<CsvFormatException>(() => ReadAll("a,b\n1,\"open\n2,3\n"));
        Assert.Contains("unbalanced quotes", e.Message);
        Assert.Equal(2, e.Row);
    }

    [Fact]
    public void Record_longer_than_the_limit_is_an_error()
    {
        var e = Assert.Throws<CsvFormatException>(() => ReadAll("a,b\n1," + new string('x', 10_000) + "\n", max: 4096));
        Assert.Contains("longer than the limit", e.Message);
    }

    [Fact]
    public void Invalid_utf8_and_nul_bytes_are_detected_per_record()
    {
        var bytes = Encoding.UTF8.GetBytes("a,b\n1,ok\n2,x\n3,y\n");
        bytes[Array.LastIndexOf(bytes, (byte)'x')] = 0xE9;
        bytes[Array.LastIndexOf(bytes, (byte)'y')] = 0;
        using var reader = new CsvRecordReader(new MemoryStream(bytes), 4096);
        reader.ReadHeader();
        var valid = new List<bool>();
        while (reader.Read())
        {
            valid.Add(reader.IsValidText);
        }
        Assert.Equal([true, false, false], valid);
    }
}
