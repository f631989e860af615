using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace FinOps.Core.Assistant.Sql;

/// <summary>The rows a query returned, already converted to JSON-friendly values.</summary>
public sealed record SqlResult(IReadOnlyList<string> Columns, IReadOnlyList<object?[]> Rows, bool Truncated, TimeSpan Elapsed);

/// <summary>
/// Runs one guarded SELECT the way the database can vouch for: inside a READ ONLY transaction, with
/// <c>SET LOCAL statement_timeout</c>, as the reader role (<c>SET LOCAL ROLE</c>, which may read the
/// curated views only), with <c>search_path</c> limited to the views, as a single statement of the
/// extended protocol (PostgreSQL itself refuses a second one), capped at the row limit, and always
/// rolled back.
/// </summary>
/// <remarks>
/// When the role does not exist or the connecting user may not assume it (the migration ran without
/// CREATEROLE), queries run without <c>SET ROLE</c>: the READ ONLY transaction, the timeout and
/// <see cref="SqlGuard"/> still hold, and a warning says so once.
/// </remarks>
public sealed class ReadOnlySqlRunner(NpgsqlDataSource dataSource, IOptions<AssistantOptions> options, ILogger<ReadOnlySqlRunner> logger)
{
    private readonly SemaphoreSlim roleCheck = new(1, 1);
    private bool? roleAvailable;

    private AssistantOptions Options => options.Value;

    /// <summary>Checks <paramref name="sql"/> with <see cref="SqlGuard"/>, then runs it under the database's guard.</summary>
    public Task<SqlResult> RunAsync(string sql, CancellationToken ct) => ExecuteAsync(SqlGuard.Check(sql), ct);

    /// <summary>True when queries run as the reader role; false in the fallback described on the class.</summary>
    public async Task<bool> UsesReaderRoleAsync(CancellationToken ct)
    {
        if (roleAvailable is { } known)
        {
            return known;
        }
        await roleCheck.WaitAsync(ct);
        try
        {
            if (roleAvailable is null)
            {
                await using var cmd = dataSource.CreateCommand(
                    "select case when exists (select 1 from pg_roles where rolname = $1) then pg_has_role(current_user, $1, 'MEMBER') else false end");
                cmd.Parameters.AddWithValue(Options.ReaderRole);
                roleAvailable = await cmd.ExecuteScalarAsync(ct) is true;
                if (roleAvailable == false)
                {
                    logger.LogWarning(
                        "The assistant's reader role {Role} is missing or not granted to the connecting user: queries run without SET ROLE, " +
                        "guarded by a READ ONLY transaction, a statement timeout and the SQL guard. See the README to create the role.",
                        Options.ReaderRole);
                }
            }
            return roleAvailable.Value;
        }
        finally
        {
            roleCheck.Release();
        }
    }

    /// <summary>
    /// The database half of the guard alone, for SQL that <see cref="SqlGuard"/> has already passed
    /// (tests call it directly to show the database refuses on its own).
    /// </summary>
    internal async Task<SqlResult> ExecuteAsync(string sql, CancellationToken ct)
    {
        var useRole = await UsesReaderRoleAsync(ct);
        var started = Stopwatch.GetTimestamp();
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        try
        {
            await using (var setup = new NpgsqlBatch(conn, tx))
            {
                setup.BatchCommands.Add(new NpgsqlBatchCommand("set transaction read only"));
                setup.BatchCommands.Add(new NpgsqlBatchCommand(
                    string.Create(CultureInfo.InvariantCulture, $"set local statement_timeout = {Options.StatementTimeoutMs}")));
                setup.BatchCommands.Add(new NpgsqlBatchCommand("set local search_path = assistant, pg_catalog"));
                if (useRole)
                {
                    setup.BatchCommands.Add(new NpgsqlBatchCommand($"set local role \"{Options.ReaderRole}\""));
                }
                await setup.ExecuteNonQueryAsync(ct);
            }

            var limit = Options.RowLimit;
            // One batch command is one Parse message: PostgreSQL refuses a second statement in it.
            await using var batch = new NpgsqlBatch(conn, tx)
            {
                Timeout = Options.StatementTimeoutMs / 1000 + 5,
            };
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                string.Create(CultureInfo.InvariantCulture, $"select * from (\n{sql}\n) as assistant_result limit {limit + 1}")));
            var rows = new List<object?[]>();
            string[] columns;
            await using (var reader = await batch.ExecuteReaderAsync(ct))
            {
                columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToArray();
                while (await reader.ReadAsync(ct))
                {
                    var row = new object?[reader.FieldCount];
                    for (var i = 0; i < row.Length; i++)
                    {
                        row[i] = reader.IsDBNull(i) ? null : Convert(reader.GetValue(i));
                    }
                    rows.Add(row);
                }
            }
            var truncated = rows.Count > limit;
            if (truncated)
            {
                rows.RemoveAt(rows.Count - 1);
            }
            return new SqlResult(columns, rows, truncated, Stopwatch.GetElapsedTime(started));
        }
        catch (PostgresException e)
        {
            throw new AssistantRefusedException(Explain(e));
        }
        finally
        {
            if (!tx.IsCompleted())
            {
                await tx.RollbackAsync(CancellationToken.None);
            }
        }
    }

    private string Explain(PostgresException e) => e.SqlState switch
    {
        PostgresErrorCodes.QueryCanceled => $"The query ran longer than {Options.StatementTimeoutMs} ms and was cancelled.",
        PostgresErrorCodes.InsufficientPrivilege => $"Permission denied: the assistant may read only its views ({e.MessageText}).",
        PostgresErrorCodes.ReadOnlySqlTransaction => $"The assistant only reads data ({e.MessageText}).",
        _ => $"The query failed: {e.MessageText}.",
    };

    /// <summary>Values as JSON will carry them: numbers stay numbers, dates become ISO text.</summary>
    private static object? Convert(object value) => value switch
    {
        decimal or long or int or short or bool or string => value,
        double d => double.IsFinite(d) ? d : null,
        float f => float.IsFinite(f) ? (double)f : null,
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt => dt.Kind == DateTimeKind.Unspecified
            ? dt.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)
            : dt.ToUniversalTime().ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        DateTimeOffset dto => dto.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture),
        TimeSpan ts => ts.ToString("c", CultureInfo.InvariantCulture),
        Guid g => g.ToString(),
        Array a => string.Join(", ", a.Cast<object?>().Select(x => x is null ? "" : Convert(x)?.ToString())),
        _ => System.Convert.ToString(value, CultureInfo.InvariantCulture),
    };
}

internal static class NpgsqlTransactionExtensions
{
    /// <summary>Npgsql nulls the connection of a transaction once it is committed or rolled back.</summary>
    public static bool IsCompleted(this NpgsqlTransaction tx) => tx.Connection is null;
}
