using System.Diagnostics;
using System.Globalization;
using FinOps.Bench;
using FinOps.Core.Data;
using FinOps.Core.Ingestion;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

// Ingestion benchmark. Usage:
//   dotnet run -c Release --project bench/FinOps.Bench -- ingest --rows 1500000 [--file existing.csv] [--runs 1] [--keep]
//   dotnet run -c Release --project bench/FinOps.Bench -- generate --rows 1500000 --out /tmp/focus.csv
// Prints rows/s, elapsed and peak memory of `psql \copy` of the file into a same-shaped table and of our
// ingestion of the same file, and the ratio of the two measured in the same run.

var command = args.FirstOrDefault() ?? "ingest";
long rows = long.Parse(Option("--rows") ?? "1500000", CultureInfo.InvariantCulture);
var runs = int.Parse(Option("--runs") ?? "1", CultureInfo.InvariantCulture);

if (command == "generate")
{
    var output = Option("--out") ?? throw new ArgumentException("--out is required");
    var sw = Stopwatch.StartNew();
    var bytes = FocusCsvGenerator.Write(output, rows);
    Console.WriteLine($"generated {rows:N0} rows, {bytes / 1e6:N0} MB in {sw.Elapsed.TotalSeconds:F1} s: {output}");
    return 0;
}
if (command == "dump")
{
    ParseOnly.Dump(Option("--file")!, Option("--out")!, Guid.Parse(Option("--id") ?? Guid.Empty.ToString()));
    return 0;
}
if (command == "parse")
{
    ParseOnly.Run(Option("--file") ?? throw new ArgumentException("--file is required"));
    return 0;
}
if (command != "ingest")
{
    Console.Error.WriteLine("usage: ingest --rows N [--file F] [--runs R] [--keep] | generate --rows N --out F");
    return 2;
}

var temp = Directory.CreateTempSubdirectory("finops-bench-");
var file = Option("--file");
try
{
    if (file is null)
    {
        file = Path.Combine(temp.FullName, "focus.csv");
        var gen = Stopwatch.StartNew();
        var bytes = FocusCsvGenerator.Write(file, rows);
        Console.WriteLine($"generated {rows:N0} FOCUS rows ({FocusCsvGenerator.Columns.Length} columns), {bytes / 1e6:N0} MB, in {gen.Elapsed.TotalSeconds:F1} s");
    }
    else
    {
        rows = File.ReadLines(file).LongCount() - 1;
    }

    await using var server = await BenchPostgres.StartAsync();
    var database = $"finops_bench_{Environment.ProcessId}";
    await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
    {
        await admin.OpenAsync();
        await using var create = new NpgsqlCommand($"create database {database}", admin);
        await create.ExecuteNonQueryAsync();
    }
    var cs = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = database, CommandTimeout = 0 }.ConnectionString;
    await using (var db = new FinOpsDbContext(FinOpsDbContextOptions.Create(cs)))
    {
        await new DatabaseMigrator(db, new FinOpsConnectionString(cs), NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
    }
    await using var dataSource = NpgsqlDataSource.Create(cs);
    var columns = string.Join(",\n  ", FocusCsvGenerator.Columns.Select(c => $"\"{c}\" {ScratchType(c)}"));
    await Exec(dataSource, $"create table bench_psql (\n  {columns}\n)");

    var service = new IngestionService(dataSource, TimeProvider.System, Options.Create(new IngestionOptions()), new ConsoleLogger<IngestionService>());
    var best = (Psql: double.MaxValue, Ours: double.MaxValue, Rss: 0L);
    for (var run = 1; run <= runs; run++)
    {
        await Exec(dataSource, "truncate bench_psql; checkpoint");
        var psql = await PsqlCopyAsync(cs, file);
        var copied = await Scalar<long>(dataSource, "select count(*) from bench_psql");
        Console.WriteLine($"run {run}: psql \\copy     {copied:N0} rows in {psql:F2} s = {copied / psql:N0} rows/s");

        await Exec(dataSource, "checkpoint");
        ResetPeakRss();
        var sw = Stopwatch.StartNew();
        var outcome = await service.IngestAsync(new IngestionRequest(file, $"bench-{run}.csv", "cli"), CancellationToken.None);
        var ours = sw.Elapsed.TotalSeconds;
        var rss = PeakRss();
        if (!outcome.Succeeded)
        {
            Console.Error.WriteLine($"ingestion failed: {outcome.Message}");
            return 1;
        }
        Console.WriteLine($"run {run}: ingest          {outcome.RowsLoaded:N0} rows in {ours:F2} s = {outcome.RowsLoaded / ours:N0} rows/s, peak RSS {rss / 1e6:N0} MB");
        var psqlSum = await Scalar<decimal>(dataSource, "select sum(\"BilledCost\") from bench_psql");
        var ourSum = await Scalar<decimal>(dataSource, "select sum(billed_cost) from finops.daily_costs");
        if (psqlSum != ourSum)
        {
            Console.Error.WriteLine($"totals differ: psql {psqlSum}, ours {ourSum}");
            return 1;
        }
        best = (Math.Min(best.Psql, psql), Math.Min(best.Ours, ours), Math.Max(best.Rss, rss));
        // The next run re-ingests the same periods: it replaces them (and is timed with that work).
    }
    Console.WriteLine();
    Console.WriteLine($"rows                 {rows:N0}");
    Console.WriteLine($"file                 {new FileInfo(file).Length / 1e6:N0} MB");
    Console.WriteLine($"psql \\copy           {best.Psql:F2} s   {rows / best.Psql:N0} rows/s");
    Console.WriteLine($"IngestionService     {best.Ours:F2} s   {rows / best.Ours:N0} rows/s   peak RSS {best.Rss / 1e6:N0} MB");
    Console.WriteLine($"ratio ours/psql      {best.Ours / best.Psql:F2}");
    return 0;
}
finally
{
    if (!args.Contains("--keep"))
    {
        temp.Delete(recursive: true);
    }
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}

static string ScratchType(string column) => column switch
{
    "BilledCost" or "ContractedCost" or "EffectiveCost" or "ListCost" or "ConsumedQuantity" or "ContractedUnitPrice" or "ListUnitPrice" or "PricingQuantity" => "numeric",
    "BillingPeriodEnd" or "BillingPeriodStart" or "ChargePeriodEnd" or "ChargePeriodStart" => "timestamptz",
    "Tags" => "jsonb",
    _ => "text",
};

static async Task<double> PsqlCopyAsync(string connectionString, string file)
{
    var b = new NpgsqlConnectionStringBuilder(connectionString);
    var info = new ProcessStartInfo("psql")
    {
        ArgumentList = { "-h", b.Host!, "-p", b.Port.ToString(CultureInfo.InvariantCulture), "-U", b.Username!, "-d", b.Database!, "-v", "ON_ERROR_STOP=1", "-q",
            "-c", $"\\copy bench_psql from '{file}' with (format csv, header true, null 'NULL')" },
        RedirectStandardError = true,
        UseShellExecute = false,
    };
    if (!string.IsNullOrEmpty(b.Password))
    {
        info.Environment["PGPASSWORD"] = b.Password;
    }
    var sw = Stopwatch.StartNew();
    using var p = Process.Start(info)!;
    var err = await p.StandardError.ReadToEndAsync();
    await p.WaitForExitAsync();
    if (p.ExitCode != 0)
    {
        throw new InvalidOperationException($"psql failed: {err}");
    }
    return sw.Elapsed.TotalSeconds;
}

static async Task Exec(NpgsqlDataSource ds, string sql)
{
    foreach (var statement in sql.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
    {
        await using var cmd = ds.CreateCommand(statement);
        await cmd.ExecuteNonQueryAsync();
    }
}

static async Task<T> Scalar<T>(NpgsqlDataSource ds, string sql)
{
    await using var cmd = ds.CreateCommand(sql);
    return (T)(await cmd.ExecuteScalarAsync())!;
}

/// <summary>Resets the kernel's peak RSS counter (VmHWM) of this process so the peak measures only the ingestion.</summary>
static void ResetPeakRss()
{
    try
    {
        File.WriteAllText("/proc/self/clear_refs", "5");
    }
    catch (IOException)
    {
    }
    catch (UnauthorizedAccessException)
    {
    }
}

static long PeakRss()
{
    foreach (var line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
        {
            return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;
        }
    }
    return Process.GetCurrentProcess().PeakWorkingSet64;
}

/// <summary>Prints the engine's log lines with a timestamp (its phases show where the time goes).</summary>
internal sealed class ConsoleLogger<T> : ILogger<T>
{
    private readonly Stopwatch clock = Stopwatch.StartNew();
    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Debug;
    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Console.WriteLine($"  [{clock.Elapsed.TotalSeconds,7:F2}] {formatter(state, exception)}{(exception is null ? "" : " " + exception.Message)}");
}
