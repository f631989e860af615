using FinOps.Core.Ingestion;
using FinOps.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FinOps.Tests.Integration.Ingestion;

/// <summary>A fresh migrated database with the ingestion engine wired to it, and the queries the tests check with.</summary>
public sealed class IngestionDatabase : IAsyncDisposable
{
    private IngestionDatabase(string connectionString, IngestionOptions options, TimeProvider time)
    {
        ConnectionString = connectionString;
        DataSource = NpgsqlDataSource.Create(connectionString);
        Options = options;
        Service = new IngestionService(DataSource, time, Microsoft.Extensions.Options.Options.Create(options), NullLogger<IngestionService>.Instance);
        Folders = new FolderSource(Service, DataSource, time, Microsoft.Extensions.Options.Options.Create(options), NullLogger<FolderSource>.Instance);
    }

    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }
    public IngestionOptions Options { get; }
    public IngestionService Service { get; }
    public FolderSource Folders { get; }

    public static async Task<IngestionDatabase> CreateAsync(PostgresServer server, string hint, IngestionOptions? options = null, TimeProvider? time = null)
    {
        var cs = await server.CreateDatabaseAsync(hint);
        return new IngestionDatabase(cs, options ?? new IngestionOptions { ProgressInterval = TimeSpan.FromMilliseconds(200) }, time ?? TimeProvider.System);
    }

    public Task<IngestionOutcome> IngestAsync(string path, string? format = null, string? fileName = null) =>
        Service.IngestAsync(new IngestionRequest(path, fileName ?? System.IO.Path.GetFileName(path), "cli", format), TestContext.Current.CancellationToken);

    public async Task<T?> ScalarAsync<T>(string sql, params object[] args)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var a in args)
        {
            cmd.Parameters.AddWithValue(a);
        }
        var value = await cmd.ExecuteScalarAsync(TestContext.Current.CancellationToken);
        return value is DBNull or null ? default : (T)value;
    }

    public async Task<List<object?[]>> RowsAsync(string sql, params object[] args)
    {
        await using var cmd = DataSource.CreateCommand(sql);
        foreach (var a in args)
        {
            cmd.Parameters.AddWithValue(a);
        }
        var rows = new List<object?[]>();
        await using var reader = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var values = new object?[reader.FieldCount];
            reader.GetValues(values!);
            rows.Add(values.Select(v => v is DBNull ? null : v).ToArray());
        }
        return rows;
    }

    /// <summary>Billed and effective totals per day × sub-account × service, from the raw rows or from the rollup.</summary>
    public async Task<Dictionary<(DateOnly Day, string? SubAccount, string? Service), (decimal Billed, decimal Effective)>> TotalsAsync(bool fromRollup)
    {
        var sql = fromRollup
            ? "select day, sub_account_id, service_name, sum(billed_cost), sum(effective_cost) from finops.daily_costs group by 1, 2, 3"
            : "select (charge_period_start at time zone 'UTC')::date, sub_account_id, service_name, sum(billed_cost), sum(effective_cost) from finops.billing_line_items group by 1, 2, 3";
        var result = new Dictionary<(DateOnly, string?, string?), (decimal, decimal)>();
        foreach (var r in await RowsAsync(sql))
        {
            result[((DateOnly)r[0]!, (string?)r[1], (string?)r[2])] = ((decimal)r[3]!, (decimal)r[4]!);
        }
        return result;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
    }
}
