using FinOps.Tests.Infrastructure;
using FinOps.Tests.Integration.Assistant.Evaluation;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;

namespace FinOps.Tests.Api.Assistant;

/// <summary>The API over the evaluation dataset (demo bills through ingestion + entity rows), with today fixed at 15 Sep 2026.</summary>
public class AssistantApiFactory(PostgresServer postgres) : ApiFactory(postgres)
{
    public EvaluationData Data { get; private set; } = null!;

    public override async ValueTask InitializeAsync()
    {
        await base.InitializeAsync();
        Data = await EvaluationData.LoadAsync(ConnectionString, CancellationToken.None);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureServices(services => services.Replace(ServiceDescriptor.Singleton<TimeProvider>(new FixedClock(EvaluationData.Now))));
    }

    /// <summary>
    /// A fingerprint of every table of the schema (row contents included) and of the schema's shape, the
    /// roles and the functions: equal before and after means the database is unchanged.
    /// </summary>
    public async Task<string> ChecksumAsync()
    {
        await using var conn = new NpgsqlConnection(ConnectionString);
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var list = new NpgsqlCommand(
            "select quote_ident(n.nspname) || '.' || quote_ident(c.relname) from pg_class c join pg_namespace n on n.oid = c.relnamespace " +
            "where n.nspname in ('finops', 'assistant', 'public') and c.relkind in ('r', 'p') order by 1", conn))
        await using (var r = await list.ExecuteReaderAsync())
        {
            while (await r.ReadAsync())
            {
                tables.Add(r.GetString(0));
            }
        }
        var parts = new List<string>();
        foreach (var table in tables)
        {
            await using var cmd = new NpgsqlCommand($"select count(*)::text || ':' || coalesce(md5(string_agg(md5(t::text), '' order by md5(t::text))), '') from {table} t", conn);
            parts.Add($"{table}={await cmd.ExecuteScalarAsync()}");
        }
        await using (var shape = new NpgsqlCommand("""
            select md5(string_agg(x, ',' order by x)) from (
              select n.nspname || '.' || c.relname || ':' || c.relkind::text as x from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname not in ('pg_catalog', 'information_schema', 'pg_toast') and n.nspname not like 'pg_temp%' and n.nspname not like 'pg_toast_temp%'
              union all select 'role:' || rolname || ':' || rolsuper::text || rolcreaterole::text from pg_roles
              union all select 'proc:' || p.proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname not in ('pg_catalog', 'information_schema')
              union all select 'acl:' || coalesce(c.relacl::text, '') from pg_class c join pg_namespace n on n.oid = c.relnamespace where n.nspname in ('finops', 'assistant')
            ) s
            """, conn))
        {
            parts.Add($"shape={await shape.ExecuteScalarAsync()}");
        }
        return string.Join("\n", parts);
    }
}
