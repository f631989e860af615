using System.Diagnostics;
using FinOps.Core.Ingestion;
using FinOps.Core.Ingestion.Formats;
using FinOps.Core.Ingestion.Loading;
using FinOps.Core.Ingestion.Reading;

namespace FinOps.Bench;

/// <summary>The client's share of an ingestion: read, parse, validate and encode a file, sending nothing.</summary>
internal static class ParseOnly
{
    /// <summary>Writes the binary COPY stream of a file (for timing the server alone with psql).</summary>
    public static void Dump(string file, string output, Guid ingestionId)
    {
        using var source = InputOpener.Open(file, new IngestionOptions(), out _);
        source.ReadHeader();
        var header = new HeaderIndex(source.Header!);
        var mapper = FormatDetector.CreateMapper(FormatDetector.Detect(source.Header!).Format!, header, file);
        var id = new byte[16];
        ingestionId.TryWriteBytes(id, bigEndian: true, out _);
        var sink = new CopySink(id) { Encoder = new PgBinaryEncoder(1 << 20) };
        sink.Encoder.WriteHeader();
        var errors = new RowErrors();
        var row = new LineItemRow();
        using var output_ = File.Create(output);
        while (source.Read())
        {
            errors.BeginRow(source.RecordNumber, source.LineNumber);
            mapper.Map(source, row, errors, sink);
            if (sink.Encoder.Length > 256 * 1024)
            {
                output_.Write(sink.Encoder.Written);
                sink.Encoder.Reset();
            }
        }
        sink.Encoder.WriteTrailer();
        output_.Write(sink.Encoder.Written);
    }

    public static void Run(string file)
    {
        for (var pass = 0; pass < 2; pass++)
        {
            RunOnce(file, encode: pass == 1);
        }
    }

    private static void RunOnce(string file, bool encode)
    {
        var options = new IngestionOptions();
        var sw = Stopwatch.StartNew();
        using (var source = InputOpener.Open(file, options, out _))
        {
            source.ReadHeader();
            long n = 0;
            while (source.Read())
            {
                n++;
            }
            Console.WriteLine($"tokenize only     {n:N0} rows in {sw.Elapsed.TotalSeconds:F2} s");
        }
        sw.Restart();
        using (var source = InputOpener.Open(file, options, out _))
        {
            source.ReadHeader();
            var header = new HeaderIndex(source.Header!);
            var mapper = FormatDetector.CreateMapper(FormatDetector.Detect(source.Header!).Format!, header, file);
            var sink = new CopySink(new byte[16]) { Encoder = encode ? new PgBinaryEncoder(1 << 20) : null };
            var errors = new RowErrors();
            var row = new LineItemRow();
            long n = 0, bytes = 0;
            while (source.Read())
            {
                n++;
                errors.BeginRow(source.RecordNumber, source.LineNumber);
                _ = source.IsValidText;
                mapper.Map(source, row, errors, sink);
                if (sink.Encoder is not null && sink.Encoder.Length > 256 * 1024)
                {
                    bytes += sink.Encoder.Length;
                    sink.Encoder.Reset();
                }
            }
            bytes += sink.Encoder?.Length ?? 0;
            Console.WriteLine($"parse{(encode ? "+encode" : "       ")}      {n:N0} rows in {sw.Elapsed.TotalSeconds:F2} s, {bytes / 1e6:N0} MB of COPY data, {errors.RejectedRows} rejected");
        }
    }
}
