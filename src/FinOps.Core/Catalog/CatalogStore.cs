using Npgsql;
using NpgsqlTypes;

namespace FinOps.Core.Catalog;

/// <summary>Writes price lists into <c>instance_catalog</c> in bulk and reads its counts.</summary>
public sealed class CatalogStore(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>Per provider: distinct instance types, types with a price, rows.</summary>
    public sealed record ProviderCount(string Provider, int Types, int PricedTypes, int Rows, int Regions);

    /// <summary>
    /// Inserts or updates rows by (provider, instance_type, region, operating_system). A row that comes without a
    /// shape (an Azure retail price has none) keeps the shape already known, or takes it from the same type in
    /// another region. Returns (inserted, updated).
    /// </summary>
    public async Task<(int Inserted, int Updated)> UpsertAsync(IEnumerable<InstanceType> rows, CancellationToken ct)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await Exec(conn, tx, """
            create temp table catalog_staging (provider text, instance_type text, family text, generation text, vcpu numeric, memory_gib numeric,
              gpu_count int, architecture text, region text, operating_system text, on_demand_hourly numeric, currency text, source text,
              effective_date date) on commit drop
            """, ct);
        await using (var copy = await conn.BeginBinaryImportAsync(
            "COPY catalog_staging (provider, instance_type, family, generation, vcpu, memory_gib, gpu_count, architecture, region, operating_system, on_demand_hourly, currency, source, effective_date) FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var r in rows)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(r.Provider, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(r.Name, NpgsqlDbType.Text, ct);
                await WriteNullable(copy, r.Family, ct);
                await WriteNullable(copy, r.Generation, ct);
                await copy.WriteAsync(r.Vcpu, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(r.MemoryGib, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(r.GpuCount, NpgsqlDbType.Integer, ct);
                await WriteNullable(copy, r.Architecture, ct);
                await copy.WriteAsync(r.Region, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(r.OperatingSystem, NpgsqlDbType.Text, ct);
                if (r.OnDemandHourly is { } price)
                {
                    await copy.WriteAsync(price, NpgsqlDbType.Numeric, ct);
                }
                else
                {
                    await copy.WriteNullAsync(ct);
                }
                await copy.WriteAsync(r.Currency, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(r.Source, NpgsqlDbType.Text, ct);
                await copy.WriteAsync(r.EffectiveDate, NpgsqlDbType.Date, ct);
            }
            await copy.CompleteAsync(ct);
        }
        // Shapes missing from a price list come from the same type elsewhere in the catalog or in this batch.
        await Exec(conn, tx, """
            update catalog_staging s set vcpu = k.vcpu, memory_gib = k.memory_gib, gpu_count = k.gpu_count,
              architecture = coalesce(s.architecture, k.architecture), family = coalesce(s.family, k.family), generation = coalesce(s.generation, k.generation)
            from (
              select distinct on (provider, instance_type) provider, instance_type, vcpu, memory_gib, gpu_count, architecture, family, generation
              from (select provider, instance_type, vcpu, memory_gib, gpu_count, architecture, family, generation from finops.instance_catalog where vcpu > 0
                    union all
                    select provider, instance_type, vcpu, memory_gib, gpu_count, architecture, family, generation from catalog_staging where vcpu > 0) known
              order by provider, instance_type, vcpu desc
            ) k
            where s.vcpu = 0 and k.provider = s.provider and k.instance_type = s.instance_type
            """, ct);
        await using var upsert = new NpgsqlCommand("""
            with d as (
              select distinct on (provider, instance_type, region, operating_system) * from catalog_staging
              order by provider, instance_type, region, operating_system, effective_date desc
            ), up as (
              insert into finops.instance_catalog as c (provider, instance_type, family, generation, vcpu, memory_gib, gpu_count, architecture, region,
                operating_system, on_demand_hourly, currency, source, effective_date)
              select provider, instance_type, family, generation, vcpu, memory_gib, gpu_count, architecture, region, operating_system,
                on_demand_hourly, currency, source, effective_date from d
              on conflict (provider, instance_type, region, operating_system) do update set
                on_demand_hourly = coalesce(excluded.on_demand_hourly, c.on_demand_hourly),
                currency = excluded.currency, source = excluded.source, effective_date = excluded.effective_date,
                family = coalesce(excluded.family, c.family), generation = coalesce(excluded.generation, c.generation),
                architecture = coalesce(excluded.architecture, c.architecture),
                vcpu = case when excluded.vcpu > 0 then excluded.vcpu else c.vcpu end,
                memory_gib = case when excluded.vcpu > 0 then excluded.memory_gib else c.memory_gib end,
                gpu_count = case when excluded.vcpu > 0 then excluded.gpu_count else c.gpu_count end
              -- Older price lists never overwrite newer prices.
              where excluded.effective_date >= c.effective_date
              returning (xmax = 0) as inserted
            )
            select count(*) filter (where inserted)::int, count(*) filter (where not inserted)::int from up
            """, conn, tx);
        upsert.CommandTimeout = 0;
        (int, int) result;
        await using (var reader = await upsert.ExecuteReaderAsync(ct))
        {
            await reader.ReadAsync(ct);
            result = (reader.GetInt32(0), reader.GetInt32(1));
        }
        await tx.CommitAsync(ct);
        return result;
    }

    /// <summary>Loads the shipped snapshot when the catalog is empty; returns the rows inserted (0 when it already had data).</summary>
    public async Task<int> EnsureSeededAsync(CancellationToken ct)
    {
        await using (var cmd = dataSource.CreateCommand("select exists (select 1 from finops.instance_catalog)"))
        {
            if (await cmd.ExecuteScalarAsync(ct) is true)
            {
                return 0;
            }
        }
        var (inserted, _) = await UpsertAsync(CatalogSnapshot.Load(), ct);
        return inserted;
    }

    public async Task<List<ProviderCount>> CountsAsync(CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            select provider, count(distinct instance_type)::int, count(distinct instance_type) filter (where on_demand_hourly > 0)::int,
                   count(*)::int, count(distinct region)::int
            from finops.instance_catalog group by provider order by provider
            """);
        var result = new List<ProviderCount>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new ProviderCount(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4)));
        }
        return result;
    }

    /// <summary>Every priced row of a provider with a known shape, for the rightsizing engine.</summary>
    public async Task<List<InstanceType>> PricedAsync(string provider, CancellationToken ct)
    {
        await using var cmd = dataSource.CreateCommand("""
            select instance_type, family, generation, vcpu, memory_gib, gpu_count, architecture, region, operating_system, on_demand_hourly, currency, source, effective_date
            from finops.instance_catalog where provider = $1 and on_demand_hourly is not null
            """);
        cmd.Parameters.AddWithValue(provider);
        var result = new List<InstanceType>();
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(new InstanceType
            {
                Provider = provider,
                Name = reader.GetString(0),
                Family = reader.IsDBNull(1) ? null : reader.GetString(1),
                Generation = reader.IsDBNull(2) ? null : reader.GetString(2),
                Vcpu = reader.GetDecimal(3),
                MemoryGib = reader.GetDecimal(4),
                GpuCount = reader.GetInt32(5),
                Architecture = reader.IsDBNull(6) ? null : reader.GetString(6),
                Region = reader.GetString(7),
                OperatingSystem = reader.GetString(8),
                OnDemandHourly = reader.GetDecimal(9),
                Currency = reader.GetString(10),
                Source = reader.GetString(11),
                EffectiveDate = reader.GetFieldValue<DateOnly>(12),
            });
        }
        return result;
    }

    /// <summary>The time the store stamps on rows that carry no effective date of their own.</summary>
    public DateOnly Today => DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);

    private static async Task WriteNullable(NpgsqlBinaryImporter copy, string? value, CancellationToken ct)
    {
        if (value is null)
        {
            await copy.WriteNullAsync(ct);
        }
        else
        {
            await copy.WriteAsync(value, NpgsqlDbType.Text, ct);
        }
    }

    private static async Task Exec(NpgsqlConnection conn, NpgsqlTransaction tx, string sql, CancellationToken ct)
    {
        await using var cmd = new NpgsqlCommand(sql, conn, tx);
        cmd.CommandTimeout = 0;
        await cmd.ExecuteNonQueryAsync(ct);
    }
}
