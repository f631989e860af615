using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace FinOps.Core.Data;

/// <summary>
/// Applies migrations. It is the one owner of the schema: the Workers' <c>migrate</c> verb and the
/// Workers' start-up call it; the API and the job server wait for <see cref="IsUpToDateAsync"/>.
/// A session-level advisory lock keeps two processes from migrating at once.
/// </summary>
public sealed class DatabaseMigrator(FinOpsDbContext db, FinOpsConnectionString connectionString, ILogger<DatabaseMigrator> logger)
{
    private const long MigrationLockKey = 0x46696E4F7073; // "FinOps"

    public async Task MigrateAsync(CancellationToken ct)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        await strategy.ExecuteAsync(async () =>
        {
            var connection = (NpgsqlConnection)db.Database.GetDbConnection();
            await EnsureDatabaseExistsAsync(ct);
            await db.Database.OpenConnectionAsync(ct);
            try
            {
                await using (var lockCmd = new NpgsqlCommand($"select pg_advisory_lock({MigrationLockKey})", connection))
                {
                    await lockCmd.ExecuteNonQueryAsync(ct);
                }
                var pending = await PendingAsync(ct);
                // EF's migrator probes the history table with a query that fails (and logs at error
                // level) on an empty database; creating it first, with EF's own shape, keeps logs honest.
                await db.Database.ExecuteSqlRawAsync(
                    $"create schema if not exists {FinOpsDbContext.Schema}; " +
                    $"create table if not exists {FinOpsDbContext.Schema}.{FinOpsDbContext.MigrationsHistoryTable} " +
                    "(migration_id character varying(150) primary key, product_version character varying(32) not null)", ct);
                if (pending.Count == 0)
                {
                    logger.LogInformation("Database schema is up to date");
                }
                else
                {
                    logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
                    await db.Database.MigrateAsync(ct);
                }
                await using var unlock = new NpgsqlCommand($"select pg_advisory_unlock({MigrationLockKey})", connection);
                await unlock.ExecuteNonQueryAsync(ct);
            }
            finally
            {
                await db.Database.CloseConnectionAsync();
            }
        });
    }

    /// <summary>True when every migration the code knows has been applied.</summary>
    public async Task<bool> IsUpToDateAsync(CancellationToken ct)
    {
        try
        {
            return (await PendingAsync(ct)).Count == 0;
        }
        catch (NpgsqlException)
        {
            return false;
        }
    }

    /// <summary>
    /// The migrations not applied yet. Checks for the history table first: asking EF on an empty
    /// database logs a failed command at error level, which would cry wolf on every first start.
    /// </summary>
    private async Task<IReadOnlyList<string>> PendingAsync(CancellationToken ct)
    {
        var history = $"{FinOpsDbContext.Schema}.{FinOpsDbContext.MigrationsHistoryTable}";
        var exists = await db.Database.SqlQuery<bool>($"select to_regclass({history}) is not null as \"Value\"").SingleAsync(ct);
        return exists
            ? (await db.Database.GetPendingMigrationsAsync(ct)).ToList()
            : db.Database.GetMigrations().ToList();
    }

    /// <summary>
    /// Creates the database named in the connection string when the server lacks it, so a bare
    /// PostgreSQL server is enough to start from.
    /// </summary>
    private async Task EnsureDatabaseExistsAsync(CancellationToken ct)
    {
        // From configuration, not the open connection: Npgsql strips the password from the latter.
        var target = new NpgsqlConnectionStringBuilder(connectionString.Value);
        if (string.IsNullOrEmpty(target.Database) || target.Database == "postgres")
        {
            return;
        }
        var admin = new NpgsqlConnectionStringBuilder(target.ConnectionString) { Database = "postgres", Pooling = false };
        await using var conn = new NpgsqlConnection(admin.ConnectionString);
        try
        {
            await conn.OpenAsync(ct);
        }
        catch (PostgresException e)
        {
            // A role that may not open the maintenance database must be given an existing database.
            logger.LogDebug("Cannot check for database {Database}: {Reason}", target.Database, e.MessageText);
            return;
        }
        await using var exists = new NpgsqlCommand("select 1 from pg_database where datname = $1", conn);
        exists.Parameters.AddWithValue(target.Database);
        if (await exists.ExecuteScalarAsync(ct) is null)
        {
            logger.LogInformation("Creating database {Database}", target.Database);
            var quoted = "\"" + target.Database.Replace("\"", "\"\"") + "\"";
            await using var create = new NpgsqlCommand($"create database {quoted}", conn);
            try
            {
                await create.ExecuteNonQueryAsync(ct);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Another process created it between the check and the create.
            }
        }
    }
}
