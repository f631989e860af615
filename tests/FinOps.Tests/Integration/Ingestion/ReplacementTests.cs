using System.Text;
using FinOps.Core.Billing;
using FinOps.Tests.Fixtures;
using FinOps.Tests.Infrastructure;
using Npgsql;

namespace FinOps.Tests.Integration.Ingestion;

/// <summary>Re-ingesting a billing period replaces it; nothing is ever counted twice; failures change nothing.</summary>
public sealed class ReplacementTests(PostgresServer server) : IDisposable
{
    private readonly DirectoryInfo temp = Directory.CreateTempSubdirectory("finops-replace-");

    public void Dispose() => temp.Delete(recursive: true);

    /// <summary>The same data with its rows in reverse order: a different file (hash) with the same content.</summary>
    private string Reordered(string source)
    {
        var lines = File.ReadAllLines(source);
        var path = Path.Combine(temp.FullName, "reordered-" + Path.GetFileName(source));
        File.WriteAllLines(path, [lines[0], .. lines.Skip(1).Reverse()]);
        return path;
    }

    [Fact]
    public async Task Reingesting_a_period_replaces_it_and_supersedes_the_earlier_ingestion()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "reingest");
        var first = await db.IngestAsync(SharedData.CurLegacy);
        var totalsBefore = await db.TotalsAsync(fromRollup: true);

        var second = await db.IngestAsync(Reordered(SharedData.CurLegacy));

        Assert.True(second.Succeeded, second.Message);
        Assert.False(second.AlreadyIngested);
        Assert.Equal([first.IngestionId], second.Superseded);
        Assert.Equal(totalsBefore, await db.TotalsAsync(fromRollup: true));
        Assert.Equal(totalsBefore, await db.TotalsAsync(fromRollup: false));
        Assert.Equal(1281L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items"));
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items where ingestion_id = $1", first.IngestionId));
        Assert.Equal(IngestionStatus.Superseded, await db.ScalarAsync<string>("select status from finops.ingestions where id = $1", first.IngestionId));
    }

    [Fact]
    public async Task Azure_amortized_file_replaces_the_actual_file_of_the_same_period()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "actualamortized");
        await db.IngestAsync(SharedData.AzureActual);
        var amortized = await db.IngestAsync(SharedData.AzureAmortized);

        Assert.True(amortized.Succeeded, amortized.Message);
        var expected = SourceTotals.Rows(SharedData.AzureAmortized).Sum(r => SourceTotals.Dec(r["Cost"]));
        Assert.Equal(expected, await db.ScalarAsync<decimal>("select sum(effective_cost) from finops.daily_costs"));
        Assert.Equal(28L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items"));
    }

    [Fact]
    public async Task Identical_file_is_recognised_and_not_loaded_twice()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "duplicate");
        var first = await db.IngestAsync(SharedData.Oci);
        var second = await db.IngestAsync(SharedData.Oci);

        Assert.True(second.Succeeded);
        Assert.True(second.AlreadyIngested);
        Assert.Equal(first.IngestionId, second.DuplicateOf);
        Assert.Equal(0, second.RowsLoaded);
        Assert.Contains("Already ingested", second.Message);
        Assert.Equal(506L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items"));
        Assert.Equal(IngestionStatus.Succeeded, await db.ScalarAsync<string>("select status from finops.ingestions where id = $1", first.IngestionId));
    }

    [Fact]
    public async Task Only_the_periods_in_the_new_file_are_replaced()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "partial");
        // The FOCUS sample has AWS, Microsoft and Oracle scopes; a file with only the Oracle rows replaces only Oracle's.
        var all = await db.IngestAsync(SharedData.FocusSample);
        var lines = File.ReadAllLines(SharedData.FocusSample);
        var oracleOnly = Path.Combine(temp.FullName, "oracle.csv");
        File.WriteAllLines(oracleOnly, [lines[0], .. lines.Skip(1).Where(l => l.Contains("\"Oracle\"")).Take(3)]);

        var partial = await db.IngestAsync(oracleOnly);

        Assert.True(partial.Succeeded, partial.Message);
        Assert.Empty(partial.Superseded); // the first file still holds the AWS and Microsoft periods
        // Oracle's September rows (6) are replaced by the 3 new ones; its October-period row stays.
        Assert.Equal(3L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items where ingestion_id = $1", partial.IngestionId));
        Assert.Equal(994L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items where ingestion_id = $1", all.IngestionId));
        Assert.Equal(1L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items where ingestion_id = $1 and provider_name = 'Oracle'", all.IngestionId));
        Assert.Equal(await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.billing_line_items"),
            await db.ScalarAsync<decimal>("select sum(billed_cost) from finops.daily_costs"));
    }

    [Fact]
    public async Task Bad_number_rejects_the_file_with_row_and_column_and_keeps_previous_data()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "badnumber");
        await db.IngestAsync(SharedData.CurLegacy);
        var before = await db.TotalsAsync(fromRollup: true);

        var lines = File.ReadAllLines(SharedData.CurLegacy);
        // Spreadsheet row 12 is file line 12: its unblended cost (0.07) follows the currency and an empty rate.
        const string marker = ",USD,,";
        var at = lines[11].IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        var end = lines[11].IndexOf(',', at);
        Assert.Equal("0.07", lines[11][at..end]);
        lines[11] = lines[11][..at] + "125x" + lines[11][end..];
        var bad = Path.Combine(temp.FullName, "bad.csv");
        File.WriteAllLines(bad, lines);

        var outcome = await db.IngestAsync(bad);

        Assert.False(outcome.Succeeded);
        var error = Assert.Single(outcome.Errors);
        Assert.Equal((12L, "lineItem/UnblendedCost"), (error.Row, error.Column));
        Assert.Contains("'125x' is not a number", error.Message);
        Assert.Contains("row 12, column lineItem/UnblendedCost", outcome.Message);
        Assert.Equal(before, await db.TotalsAsync(fromRollup: true));
        Assert.Equal(1281L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items"));
        var recorded = await db.RowsAsync("select status, error_message, errors->0->>'row', errors->0->>'column', rows_rejected from finops.ingestions where id = $1", outcome.IngestionId);
        Assert.Equal("failed", recorded[0][0]);
        Assert.Contains("1 of 1,281 row(s) are invalid", (string)recorded[0][1]!);
        Assert.Equal(["12", "lineItem/UnblendedCost", 1L], recorded[0][2..]);
    }

    [Fact]
    public async Task Killed_reingest_leaves_the_previous_totals()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "killed");
        await db.IngestAsync(SharedData.FocusSample);
        var before = await db.TotalsAsync(fromRollup: true);

        // A big re-ingest of the same periods, whose database session is killed mid-COPY (as kill -9 of the loader would drop it).
        var big = Path.Combine(temp.FullName, "big.csv");
        var lines = File.ReadAllLines(SharedData.FocusSample);
        await using (var writer = new StreamWriter(big, false, new UTF8Encoding(false)))
        {
            await writer.WriteLineAsync(lines[0]);
            for (var i = 0; i < 300; i++)
            {
                foreach (var line in lines.Skip(1))
                {
                    await writer.WriteLineAsync(line);
                }
            }
        }
        var ingest = db.IngestAsync(big);
        var killed = false;
        for (var i = 0; i < 400 && !ingest.IsCompleted; i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            await using var conn = new NpgsqlConnection(db.ConnectionString);
            await conn.OpenAsync(TestContext.Current.CancellationToken);
            await using var kill = new NpgsqlCommand("select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and state = 'active' and query ilike 'COPY finops.billing_line_items%' and pid <> pg_backend_pid()", conn);
            if (await kill.ExecuteScalarAsync(TestContext.Current.CancellationToken) is true)
            {
                killed = true;
                break;
            }
        }
        var outcome = await ingest;

        Assert.True(killed, "the COPY was never seen running");
        Assert.False(outcome.Succeeded);
        Assert.Equal(before, await db.TotalsAsync(fromRollup: true));
        Assert.Equal(before, await db.TotalsAsync(fromRollup: false));
        Assert.Equal("failed", await db.ScalarAsync<string>("select status from finops.ingestions where id = $1", outcome.IngestionId));
    }

    [Fact]
    public async Task Cancelled_ingestion_is_recorded_as_failed_and_changes_nothing()
    {
        await using var db = await IngestionDatabase.CreateAsync(server, "cancelled");
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var outcome = await db.Service.IngestAsync(new Core.Ingestion.IngestionRequest(SharedData.Oci, "oci.csv", "cli"), cts.Token);

        Assert.False(outcome.Succeeded);
        Assert.Equal(0L, await db.ScalarAsync<long>("select count(*) from finops.billing_line_items"));
    }
}
