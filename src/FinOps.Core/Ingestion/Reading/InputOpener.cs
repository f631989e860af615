using System.IO.Compression;
using System.Text.Unicode;
using FinOps.Core.IO;

namespace FinOps.Core.Ingestion.Reading;

/// <summary>A file is rejected as a whole, before or while reading it.</summary>
public sealed class IngestionRejectedException(string message, IReadOnlyList<IngestionError>? errors = null) : Exception(message)
{
    public IReadOnlyList<IngestionError> Errors { get; } = errors ?? [new IngestionError(0, null, message)];
}

/// <summary>
/// Opens a file as rows whatever its container: CSV or JSON lines (plain or gzip) or Parquet, decided
/// from the bytes, not the name. Rejects what cannot be a billing export early with a clear reason:
/// empty files, binary content, ZIP archives, gzip bombs.
/// </summary>
internal static class InputOpener
{
    private const int SniffBytes = 64 * 1024;

    public static IRowSource Open(string path, IngestionOptions options, out string container)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        try
        {
            if (file.Length == 0)
            {
                throw new IngestionRejectedException("The file is empty.");
            }
            Span<byte> magic = stackalloc byte[4];
            var n = file.ReadAtLeast(magic, 4, throwOnEndOfStream: false);
            file.Position = 0;
            if (n == 4 && magic.SequenceEqual("PAR1"u8))
            {
                file.Dispose();
                container = "parquet";
                return new ParquetRowSource(path);
            }
            if (n >= 4 && magic.SequenceEqual("PK\u0003\u0004"u8))
            {
                throw new IngestionRejectedException("ZIP archives are not supported: extract the CSV, JSON lines or Parquet file and upload it (gzip is supported).");
            }
            Stream stream = file;
            var gzip = n >= 2 && magic[0] == 0x1F && magic[1] == 0x8B;
            if (gzip)
            {
                stream = new GuardedStream(new GZipStream(file, CompressionMode.Decompress), file.Length, options);
            }

            var prefix = new byte[SniffBytes];
            int read;
            try
            {
                read = stream.ReadAtLeast(prefix, SniffBytes, throwOnEndOfStream: false);
            }
            catch (InvalidDataException e)
            {
                throw new IngestionRejectedException($"The gzip data is corrupt: {e.Message}");
            }
            if (read == 0)
            {
                throw new IngestionRejectedException(gzip ? "The gzip file holds no data." : "The file is empty.");
            }
            var sniff = prefix.AsSpan(0, read);
            var nul = sniff.IndexOf((byte)0);
            if (nul >= 0 || !IsUtf8Prefix(sniff, complete: read < SniffBytes))
            {
                throw new IngestionRejectedException(
                    "The file is not a billing export: it holds binary content, not UTF-8 text (supported: CSV or JSON lines, optionally gzip-compressed, and Parquet).");
            }
            var body = new PrefixedStream(prefix.AsMemory(0, read), stream);
            var first = FirstNonSpace(sniff);
            container = (first == (byte)'{' ? "jsonl" : "csv") + (gzip ? ".gz" : "");
            return first == (byte)'{'
                ? new JsonLinesRowSource(body, options.MaxRecordBytes)
                : new CsvRecordReader(body, options.MaxRecordBytes);
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private static byte FirstNonSpace(ReadOnlySpan<byte> s)
    {
        var i = s.StartsWith("\uFEFF"u8) ? 3 : 0;
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\r' or (byte)'\n' or (byte)'\t')
        {
            i++;
        }
        return i < s.Length ? s[i] : (byte)0;
    }

    /// <summary>Valid UTF-8, allowing a character cut at the end of a partial read.</summary>
    private static bool IsUtf8Prefix(ReadOnlySpan<byte> s, bool complete)
    {
        if (Utf8.IsValid(s))
        {
            return true;
        }
        if (complete)
        {
            return false;
        }
        for (var cut = 1; cut <= 3 && cut < s.Length; cut++)
        {
            if (Utf8.IsValid(s[..^cut]))
            {
                return true;
            }
        }
        return false;
    }

    /// <summary>
    /// Limits what a gzip stream may expand to (absolute size and ratio to the compressed size), turns a
    /// truncated or corrupt stream into a clear rejection.
    /// </summary>
    private sealed class GuardedStream(Stream inner, long compressedLength, IngestionOptions options) : Stream
    {
        private long total;

        public override int Read(byte[] buffer, int off, int count) => Read(buffer.AsSpan(off, count));

        public override int Read(Span<byte> buffer)
        {
            int n;
            try
            {
                n = inner.Read(buffer);
            }
            catch (InvalidDataException e)
            {
                throw new IngestionRejectedException($"The gzip data is corrupt or truncated: {e.Message}");
            }
            catch (EndOfStreamException)
            {
                throw new IngestionRejectedException("The gzip data is truncated: the file ends before the compressed stream does.");
            }
            total += n;
            if (total > options.MaxDecompressedBytes)
            {
                throw new IngestionRejectedException(
                    $"The gzip file expands beyond the limit of {options.MaxDecompressedBytes:N0} bytes (Ingestion:MaxDecompressedBytes).");
            }
            if (total > 64L << 20 && total > compressedLength * options.MaxCompressionRatio)
            {
                throw new IngestionRejectedException(
                    $"The gzip file expands more than {options.MaxCompressionRatio}× its size: refused as a likely gzip bomb (Ingestion:MaxCompressionRatio).");
            }
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long o, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int off, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }
            base.Dispose(disposing);
        }
    }
}
