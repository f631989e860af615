using System.IO.Compression;
using System.Text;
using FinOps.Core.Ingestion;
using FinOps.Tests.Fixtures;
using FinOps.Tests.Infrastructure;

namespace FinOps.Tests.Integration.Ingestion;

/// <summary>Malformed inputs are each rejected with a clear message, and nothing already loaded changes.</summary>
public sealed class RejectionTests(PostgresServer server) : IAsyncLifetime
{
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("finops-reject-");
    private IngestionDatabase db = null!;
    private decimal loadedTotal;

    public async ValueTask InitializeAsync()
    {
        db = await IngestionDatabase.CreateAsync(server, "rejections",
            new IngestionOptions { MaxRecordBytes = 64 * 1024, MaxCompressionRatio = 100, ProgressInterval = TimeSpan.FromMilliseconds(200) });
        var loaded = await db.IngestAsync(SharedData.FocusSample);
        Assert.True(loaded.Succeeded, loaded.Message);
        loadedTotal = await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.daily_costs");
    }

    public async ValueTask DisposeAsync()
    {
        await db.DisposeAsync();
        temp.Delete(recursive: true);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(temp.FullName, name);
        File.WriteAllText(path, content, new UTF8Encoding(false));
        return path;
    }

    private string WriteBytes(string name, byte[] content)
    {
        var path = Path.Combine(temp.FullName, name);
        File.WriteAllBytes(path, content);
        return path;
    }

    private async Task<IngestionOutcome> RejectedAsync(string path, string expectedMessage, string? format = null)
    {
        var outcome = await db.IngestAsync(path, format);
        Assert.False(outcome.Succeeded, $"{Path.GetFileName(path)} was accepted: {outcome.Message}");
        Assert.Contains(expectedMessage, outcome.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(loadedTotal, await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.daily_costs"));
        Assert.Equal(1000L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items"));
        Assert.Equal("failed", await db.ScalarAsync<string>("select status from finops.ingestions where id = $1", outcome.IngestionId));
        Assert.Equal(outcome.Message, await db.ScalarAsync<string>("select error_message from finops.ingestions where id = $1", outcome.IngestionId));
        return outcome;
    }

    [Fact]
    public Task Empty_file_is_rejected() => RejectedAsync(Write("empty.csv", ""), "The file is empty");

    [Fact]
    public Task Header_without_rows_is_rejected() =>
        RejectedAsync(Write("header.csv", File.ReadLines(SharedData.FocusSample).First() + "\n"), "no data rows");

    [Fact]
    public async Task Unknown_header_names_the_closest_format_and_its_missing_columns()
    {
        var outcome = await RejectedAsync(Write("wrong.csv", "BilledCost,Currency,Day\n1.0,USD,2024-01-01\n"), "missing");
        Assert.Contains("BillingCurrency", outcome.Message);
        Assert.Contains("ChargePeriodStart", outcome.Message);
        Assert.Contains(outcome.Errors, e => e.Column == "ChargeCategory" && e.Row == 1);
    }

    [Fact]
    public async Task Header_of_nothing_known_is_rejected()
    {
        await RejectedAsync(Write("nothing.csv", "a,b,c\n1,2,3\n"), "matches no supported format");
    }

    [Fact]
    public async Task Forced_format_that_does_not_match_names_the_missing_columns()
    {
        var outcome = await RejectedAsync(SharedData.Oci, "not a valid aws-cur export", format: "aws-cur");
        Assert.Contains("lineItem/UnblendedCost", outcome.Message);
    }

    [Fact]
    public async Task Bad_date_is_reported_with_row_and_column()
    {
        var lines = File.ReadAllLines(SharedData.FocusSample);
        lines[5] = lines[5].Replace("\"2024-09-", "\"2024-13-");
        var outcome = await RejectedAsync(Write("baddate.csv", string.Join('\n', lines)), "row 6");
        Assert.All(outcome.Errors, e => Assert.Equal(6, e.Row));
        Assert.Contains(outcome.Errors, e => e.Column == "ChargePeriodStart" && e.Message.Contains("is not a date/time"));
    }

    [Fact]
    public async Task Bad_charge_category_and_missing_cost_are_reported()
    {
        var lines = File.ReadAllLines(SharedData.FocusSample).Take(4).ToArray();
        lines[2] = lines[2].Replace("\"Usage\",NULL,", "\"Usagee\",NULL,");
        lines[3] = "NULL,NULL" + lines[3][lines[3].IndexOf(',', lines[3].IndexOf(',') + 1)..]; // AvailabilityZone, BilledCost
        var outcome = await RejectedAsync(Write("badcategory.csv", string.Join("\r\n", lines)), "2 of 3 row(s) are invalid");
        Assert.Contains(outcome.Errors, e => e.Row == 3 && e.Column == "ChargeCategory" && e.Message.Contains("'Usagee'"));
        Assert.Contains(outcome.Errors, e => e.Row == 4 && e.Column == "BilledCost" && e.Message.Contains("required"));
    }

    [Fact]
    public async Task Truncated_gzip_is_rejected()
    {
        using var buffer = new MemoryStream();
        await using (var gz = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            await gz.WriteAsync(await File.ReadAllBytesAsync(SharedData.FocusSample, TestContext.Current.CancellationToken), TestContext.Current.CancellationToken);
        }
        var bytes = buffer.ToArray();
        await RejectedAsync(WriteBytes("truncated.csv.gz", bytes[..(bytes.Length * 2 / 3)]), "truncated");
    }

    [Fact]
    public async Task Gzip_bomb_is_refused()
    {
        var path = Path.Combine(temp.FullName, "bomb.csv.gz");
        await using (var gz = new GZipStream(File.Create(path), CompressionLevel.SmallestSize))
        {
            var header = Encoding.UTF8.GetBytes(File.ReadLines(SharedData.FocusSample).First() + "\n");
            await gz.WriteAsync(header, TestContext.Current.CancellationToken);
            var zeros = Encoding.ASCII.GetBytes(new string('\n', 1 << 20)); // blank lines: read on and on
            for (var i = 0; i < 256; i++)
            {
                await gz.WriteAsync(zeros, TestContext.Current.CancellationToken);
            }
        }
        Assert.True(new FileInfo(path).Length < 2 << 20);
        await RejectedAsync(path, "gzip bomb");
    }

    [Fact]
    public async Task Oversized_line_is_rejected()
    {
        var lines = File.ReadAllLines(SharedData.FocusSample).Take(3).ToList();
        lines.Add("\"" + new string('x', 200_000) + "\"");
        await RejectedAsync(Write("oversized.csv", string.Join('\n', lines)), "longer than the limit");
    }

    [Fact]
    public async Task Unclosed_quote_is_rejected()
    {
        var lines = File.ReadAllLines(SharedData.FocusSample).Take(3).ToList();
        lines.Add("NULL,\"0.5");
        await RejectedAsync(Write("unclosed.csv", string.Join('\n', lines)), "quote");
    }

    [Fact]
    public async Task Binary_garbage_is_rejected()
    {
        var random = new Random(42);
        var bytes = new byte[100_000];
        random.NextBytes(bytes);
        await RejectedAsync(WriteBytes("garbage.csv", bytes), "binary content");
    }

    [Fact]
    public async Task Zip_archive_is_rejected_with_advice()
    {
        var path = Path.Combine(temp.FullName, "export.zip");
        using (var zip = ZipFile.Open(path, ZipArchiveMode.Create))
        {
            zip.CreateEntryFromFile(SharedData.FocusSample, "focus.csv");
        }
        await RejectedAsync(path, "ZIP archives are not supported");
    }

    [Fact]
    public async Task Row_with_missing_fields_is_rejected()
    {
        var lines = File.ReadAllLines(SharedData.FocusSample).Take(3).ToList();
        lines.Add("NULL,0.5,\"1234567890123\"");
        var outcome = await RejectedAsync(Write("short.csv", string.Join('\n', lines)), "row 4");
        Assert.Contains("3 field(s) but the header has 44", outcome.Errors[0].Message);
    }

    [Fact]
    public async Task Invalid_utf8_row_is_rejected()
    {
        var lines = File.ReadAllLines(SharedData.FocusSample).Take(3).ToList();
        var bytes = new List<byte>(Encoding.UTF8.GetBytes(string.Join('\n', lines) + "\n"));
        var bad = Encoding.UTF8.GetBytes(File.ReadLines(SharedData.FocusSample).Skip(3).First().Replace("Amazon", "Am\u00e9zon"));
        var i = Array.IndexOf(bad, (byte)0xC3);
        bad[i] = 0xE9; // Latin-1 é
        bad = bad.Where((_, k) => k != i + 1).ToArray();
        bytes.AddRange(bad);
        await RejectedAsync(WriteBytes("latin1.csv", bytes.ToArray()), "UTF-8");
    }
}
