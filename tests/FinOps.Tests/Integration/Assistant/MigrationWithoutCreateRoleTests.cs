using FinOps.Core.Assistant.Sql;
using FinOps.Core.Data;
using FinOps.Tests.Infrastructure;
using FinOps.Tests.Integration.Assistant.Evaluation;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace FinOps.Tests.Integration.Assistant;

/// <summary>
/// A database owned and migrated by a user without CREATEROLE, on a cluster of its own (roles are
/// cluster-wide, so the shared test server, where the role already exists, cannot show this): the
/// migration still succeeds, the assistant falls back to READ ONLY + timeout + SQL guard, and the
/// README's DBA steps switch it to the reader role.
/// </summary>
public sealed class MigrationWithoutCreateRoleTests : IAsyncLifetime
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private PostgresServer? cluster;
    private string superuser = "";

    [Fact]
    public async Task Migration_succeeds_without_createrole_and_the_assistant_falls_back_then_uses_the_role_a_dba_creates()
    {
        await ExecAsync(superuser, "create role finops_owner login nocreaterole");
        await ExecAsync(superuser, "create database finops_limited owner finops_owner");
        var owner = new NpgsqlConnectionStringBuilder(superuser) { Username = "finops_owner", Database = "finops_limited" }.ConnectionString;
        await using (var db = new FinOpsDbContext(FinOpsDbContextOptions.Create(owner)))
        {
            await new DatabaseMigrator(db, new FinOpsConnectionString(owner), NullLogger<DatabaseMigrator>.Instance).MigrateAsync(Ct);
        }
        Assert.Equal(0L, await ScalarAsync(superuser, "select count(*) from pg_roles where rolname = 'finops_assistant_reader'"));
        Assert.Equal(8L, await ScalarAsync(owner, "select count(*) from information_schema.views where table_schema = 'assistant'"));
        await ExecAsync(owner, "insert into finops.accounts (id, provider, sub_account_id, name, currency, created_at, updated_at) values (gen_random_uuid(), 'AWS', '111122223333', 'victim', 'USD', now(), now())");

        await using (var fallback = new AssistantFactory(owner, new FixedClock(EvaluationData.Now)))
        {
            Assert.False(await fallback.Runner.UsesReaderRoleAsync(Ct));
            var answer = await fallback.Service.AskAsync("How much did we spend last month?", Ct);
            Assert.Equal("answer", answer.Kind);
            Assert.Equal(0m, answer.Rows[0][0]);
            // Without the role the transaction is still read-only, and the guard still refuses other relations.
            var write = await Assert.ThrowsAsync<AssistantRefusedException>(() => fallback.Runner.ExecuteAsync("select nextval('finops.billing_line_items_id_seq') as id", Ct));
            Assert.Contains("only reads", write.Message, StringComparison.Ordinal);
            var modifying = await Assert.ThrowsAsync<AssistantRefusedException>(() =>
                fallback.Runner.ExecuteAsync("with d as (delete from finops.accounts returning 1) select count(*) from d", Ct));
            Assert.Contains("data-modifying", modifying.Message, StringComparison.Ordinal);
            await Assert.ThrowsAsync<AssistantRefusedException>(() => fallback.Runner.RunAsync("select * from finops.accounts", Ct));
        }
        Assert.Equal(1L, await ScalarAsync(owner, "select count(*) from finops.accounts"));

        // The DBA steps from the README.
        await ExecAsync(superuser, "create role finops_assistant_reader nologin; grant finops_assistant_reader to finops_owner");
        await ExecAsync(owner, "grant usage on schema assistant to finops_assistant_reader; grant select on all tables in schema assistant to finops_assistant_reader");
        await using (var withRole = new AssistantFactory(owner, new FixedClock(EvaluationData.Now)))
        {
            Assert.True(await withRole.Runner.UsesReaderRoleAsync(Ct));
            Assert.Equal("finops_assistant_reader", (await withRole.Runner.ExecuteAsync("select current_user as u", Ct)).Rows[0][0]);
            var denied = await Assert.ThrowsAsync<AssistantRefusedException>(() => withRole.Runner.ExecuteAsync("select * from finops.accounts", Ct));
            Assert.Contains("Permission denied", denied.Message, StringComparison.Ordinal);
        }
    }

    private static async Task ExecAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync(Ct);
    }

    private static async Task<long> ScalarAsync(string cs, string sql)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand(sql, conn);
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    public async ValueTask InitializeAsync()
    {
        cluster = await PostgresServer.StartPrivateAsync(withTemplate: false);
        superuser = new NpgsqlConnectionStringBuilder(cluster.AdminConnectionString) { Pooling = false }.ConnectionString;
    }

    public async ValueTask DisposeAsync()
    {
        if (cluster is not null)
        {
            await cluster.DisposeAsync();
        }
    }
}
