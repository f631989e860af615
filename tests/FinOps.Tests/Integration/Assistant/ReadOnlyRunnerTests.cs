using FinOps.Core.Assistant;
using FinOps.Core.Assistant.Sql;
using FinOps.Tests.Infrastructure;
using FinOps.Tests.Integration.Assistant.Evaluation;
using Npgsql;

namespace FinOps.Tests.Integration.Assistant;

/// <summary>
/// The database half of the guard on its own (the SQL guard is bypassed on purpose): whatever reaches
/// PostgreSQL runs as the reader role, read-only, under a timeout, as one statement, capped in rows.
/// </summary>
public sealed class ReadOnlyRunnerTests(PostgresServer server)
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    private async Task<(AssistantFactory Factory, string ConnectionString)> CreateAsync(AssistantOptions? options = null)
    {
        var cs = await server.CreateDatabaseAsync("assistantrunner");
        await using (var conn = new NpgsqlConnection(cs))
        {
            await conn.OpenAsync(Ct);
            await using var cmd = new NpgsqlCommand(
                "insert into finops.accounts (id, provider, sub_account_id, name, currency, created_at, updated_at) values (gen_random_uuid(), 'AWS', '111122223333', 'victim', 'USD', now(), now())", conn);
            await cmd.ExecuteNonQueryAsync(Ct);
        }
        return (new AssistantFactory(cs, TimeProvider.System, options), cs);
    }

    private static async Task<long> AccountsAsync(string cs)
    {
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand("select count(*) from finops.accounts where name = 'victim'", conn);
        return (long)(await cmd.ExecuteScalarAsync(Ct))!;
    }

    [Fact]
    public async Task Queries_run_as_the_reader_role_in_a_read_only_transaction()
    {
        var (f, _) = await CreateAsync();
        await using var factory = f;
        Assert.True(await factory.Runner.UsesReaderRoleAsync(Ct));
        var result = await factory.Runner.ExecuteAsync("select current_user as role_name, current_setting('transaction_read_only') as read_only, current_setting('statement_timeout') as timeout", Ct);
        Assert.Equal(["finops_assistant_reader", "on", "5s"], result.Rows[0]);
    }

    [Theory]
    [InlineData("select * from finops.accounts", "Permission denied")]
    [InlineData("select * from finops.api_keys", "Permission denied")]
    [InlineData("select nextval('finops.billing_line_items_id_seq')", "Permission denied")]
    [InlineData("select pg_read_file('/etc/passwd')", "Permission denied")]
    [InlineData("with d as (delete from assistant.accounts returning 1) select count(*) from d", "data-modifying")]
    [InlineData("select count(*) from pg_catalog.pg_authid", "Permission denied")]
    [InlineData("select 1) as x; delete from finops.accounts; select (1", "failed")]
    public async Task The_database_refuses_what_the_reader_may_not_do(string sql, string reason)
    {
        var (f, cs) = await CreateAsync();
        await using var factory = f;
        var e = await Assert.ThrowsAsync<AssistantRefusedException>(() => factory.Runner.ExecuteAsync(sql, Ct));
        Assert.Contains(reason, e.Message, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(1, await AccountsAsync(cs));
    }

    [Fact]
    public async Task A_slow_query_is_cancelled_by_the_statement_timeout()
    {
        var (f, _) = await CreateAsync(new AssistantOptions { StatementTimeoutMs = 300 });
        await using var factory = f;
        var started = DateTime.UtcNow;
        var e = await Assert.ThrowsAsync<AssistantRefusedException>(() => factory.Runner.ExecuteAsync("select pg_sleep(20)", Ct));
        Assert.Contains("300 ms", e.Message, StringComparison.Ordinal);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Results_are_cut_at_the_row_limit_and_say_so()
    {
        var (f, _) = await CreateAsync(new AssistantOptions { RowLimit = 10 });
        await using var factory = f;
        var result = await factory.Runner.RunAsync("select n from generate_series(1, 50) as g(n)", Ct);
        Assert.Equal(10, result.Rows.Count);
        Assert.True(result.Truncated);
        Assert.Equal(1, result.Rows[0][0]);
    }

    [Fact]
    public async Task The_schema_catalog_matches_the_views_in_the_database()
    {
        var (f, cs) = await CreateAsync();
        await using var factory = f;
        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(Ct);
        await using var cmd = new NpgsqlCommand(
            "select table_name, column_name from information_schema.columns where table_schema = 'assistant' order by table_name, ordinal_position", conn);
        var actual = new List<string>();
        await using (var r = await cmd.ExecuteReaderAsync(Ct))
        {
            while (await r.ReadAsync(Ct))
            {
                actual.Add($"{r.GetString(0)}.{r.GetString(1)}");
            }
        }
        var documented = AssistantSchema.Views.OrderBy(v => v.Name, StringComparer.Ordinal).SelectMany(v => v.Columns.Select(c => $"{v.Name}.{c.Name}")).ToList();
        Assert.Equal(documented, actual);
        // The reader can read every documented view.
        foreach (var view in AssistantSchema.Views)
        {
            await factory.Runner.RunAsync($"select count(*) as n from {view.QualifiedName}", Ct);
        }
    }
}
