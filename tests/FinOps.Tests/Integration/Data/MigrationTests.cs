using FinOps.Core.Billing;
using FinOps.Core.Data;
using FinOps.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace FinOps.Tests.Integration.Data;

public sealed class MigrationTests(PostgresServer postgres)
{
    /// <summary>Every table of ARCHITECTURE §3 (plus alert subscriptions and the migrations history).</summary>
    private static readonly string[] ArchitectureTables =
    [
        "accounts", "billing_line_items", "daily_costs", "ingestions", "usage_metrics", "instance_catalog", "anomalies",
        "forecasts", "forecast_runs", "recommendations", "savings", "insights", "playbooks", "remediation_actions",
        "audit_log", "api_keys",
    ];

    [Fact]
    public async Task Migrate_on_a_server_without_the_database_creates_it_with_every_table()
    {
        var cs = postgres.ConnectionStringForNewDatabase("migrate");
        await using (var db = new FinOpsDbContext(FinOpsDbContextOptions.Create(cs)))
        {
            var migrator = new DatabaseMigrator(db, new FinOpsConnectionString(cs), NullLogger<DatabaseMigrator>.Instance);
            await migrator.MigrateAsync(TestContext.Current.CancellationToken);
            Assert.True(await migrator.IsUpToDateAsync(TestContext.Current.CancellationToken));
            // A second run (another Workers process starting) is a no-op.
            await migrator.MigrateAsync(TestContext.Current.CancellationToken);
        }

        await using var conn = new NpgsqlConnection(cs);
        await conn.OpenAsync(TestContext.Current.CancellationToken);
        var tables = new Dictionary<string, char>();
        await using (var cmd = new NpgsqlCommand(
            "select c.relname, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname = 'finops' and c.relkind in ('r','p') and not c.relispartition", conn))
        await using (var r = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await r.ReadAsync(TestContext.Current.CancellationToken))
            {
                tables[r.GetString(0)] = r.GetChar(1);
            }
        }
        Assert.Empty(ArchitectureTables.Except(tables.Keys));
        Assert.Equal('p', tables["billing_line_items"]);

        // Money is numeric and tags are jsonb, as the architecture requires.
        await using var types = new NpgsqlCommand("""
            select column_name, data_type from information_schema.columns
            where table_schema = 'finops' and table_name = 'billing_line_items' and column_name in ('billed_cost', 'effective_cost', 'tags', 'charge_period_start')
            """, conn);
        var columnTypes = new Dictionary<string, string>();
        await using (var r = await types.ExecuteReaderAsync(TestContext.Current.CancellationToken))
        {
            while (await r.ReadAsync(TestContext.Current.CancellationToken))
            {
                columnTypes[r.GetString(0)] = r.GetString(1);
            }
        }
        Assert.Equal("numeric", columnTypes["billed_cost"]);
        Assert.Equal("numeric", columnTypes["effective_cost"]);
        Assert.Equal("jsonb", columnTypes["tags"]);
        Assert.Equal("timestamp with time zone", columnTypes["charge_period_start"]);
    }

    [Fact]
    public async Task Partition_maintenance_keeps_the_next_three_months_ready_and_is_idempotent()
    {
        var cs = await postgres.CreateDatabaseAsync("partitions");
        await using var dataSource = NpgsqlDataSource.Create(cs);
        var time = new FakeTimeProvider(new DateTimeOffset(2027, 11, 15, 0, 0, 0, TimeSpan.Zero));
        var maintenance = new PartitionMaintenance(dataSource, time, NullLogger<PartitionMaintenance>.Instance);

        var created = await maintenance.RunAsync(TestContext.Current.CancellationToken);
        Assert.Equal(["billing_line_items_y2027m11", "billing_line_items_y2027m12", "billing_line_items_y2028m01", "billing_line_items_y2028m02"], created);
        Assert.Empty(await maintenance.RunAsync(TestContext.Current.CancellationToken));

        // A row of a covered month lands in its partition.
        await using var conn = await dataSource.OpenConnectionAsync(TestContext.Current.CancellationToken);
        await using var insert = new NpgsqlCommand("""
            insert into finops.billing_line_items (ingestion_id, billed_cost, effective_cost, billing_currency, charge_period_start, charge_period_end,
              billing_period_start, billing_period_end, charge_category)
            values (gen_random_uuid(), 1.5, 1.5, 'USD', '2028-01-31T23:00:00Z', '2028-02-01T00:00:00Z', '2028-01-01Z', '2028-02-01Z', 'Usage')
            returning tableoid::regclass::text
            """, conn);
        Assert.Equal("finops.billing_line_items_y2028m01", await insert.ExecuteScalarAsync(TestContext.Current.CancellationToken));
    }
}
