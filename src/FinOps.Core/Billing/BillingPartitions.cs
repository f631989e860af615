using Npgsql;

namespace FinOps.Core.Billing;

/// <summary>
/// Monthly partitions of <c>billing_line_items</c>. Partitions are created on demand (before a load
/// touches a month) and ahead of time by the <c>partition-maintenance</c> job; both go through the
/// SQL function <c>finops.ensure_billing_partition</c>, which serialises on an advisory lock so two
/// loaders creating the same month cannot collide.
/// </summary>
public static class BillingPartitions
{
    public const string ParentTable = "billing_line_items";

    /// <summary>Name of the partition holding <paramref name="month"/>: <c>billing_line_items_y2024m09</c>.</summary>
    public static string PartitionName(DateOnly month) => $"{ParentTable}_y{month.Year:D4}m{month.Month:D2}";

    public static DateOnly MonthOf(DateTimeOffset instant) => new(instant.UtcDateTime.Year, instant.UtcDateTime.Month, 1);

    /// <summary>Creates the partitions for every month from <paramref name="from"/> to <paramref name="to"/> inclusive; returns those created.</summary>
    public static async Task<IReadOnlyList<string>> EnsureAsync(NpgsqlConnection connection, DateOnly from, DateOnly to, CancellationToken ct)
    {
        var created = new List<string>();
        for (var month = new DateOnly(from.Year, from.Month, 1); month <= to; month = month.AddMonths(1))
        {
            await using var cmd = new NpgsqlCommand("select finops.ensure_billing_partition($1)", connection);
            cmd.Parameters.AddWithValue(month);
            if (await cmd.ExecuteScalarAsync(ct) is true)
            {
                created.Add(PartitionName(month));
            }
        }
        return created;
    }

    /// <summary>Lists the existing monthly partitions, oldest first.</summary>
    public static async Task<IReadOnlyList<string>> ListAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        const string sql = """
            select c.relname from pg_inherits i
            join pg_class c on c.oid = i.inhrelid
            join pg_class p on p.oid = i.inhparent
            join pg_namespace n on n.oid = p.relnamespace
            where n.nspname = 'finops' and p.relname = 'billing_line_items'
            order by c.relname
            """;
        await using var cmd = new NpgsqlCommand(sql, connection);
        await using var reader = await cmd.ExecuteReaderAsync(ct);
        var names = new List<string>();
        while (await reader.ReadAsync(ct))
        {
            names.Add(reader.GetString(0));
        }
        return names;
    }

    /// <summary>DDL of the partitioned table and its helper function, applied by the initial migration.</summary>
    internal const string CreateSql = """
        create sequence if not exists finops.billing_line_items_id_seq;

        create table finops.billing_line_items (
            id bigint not null default nextval('finops.billing_line_items_id_seq'),
            ingestion_id uuid not null,
            provider_name text,
            publisher_name text,
            invoice_issuer_name text,
            billing_account_id text,
            billing_account_name text,
            sub_account_id text,
            sub_account_name text,
            billed_cost numeric not null,
            effective_cost numeric not null,
            list_cost numeric,
            contracted_cost numeric,
            billing_currency text not null,
            charge_period_start timestamptz not null,
            charge_period_end timestamptz not null,
            billing_period_start timestamptz not null,
            billing_period_end timestamptz not null,
            charge_category text not null,
            charge_class text,
            charge_frequency text,
            charge_description text,
            service_category text,
            service_name text,
            region_id text,
            region_name text,
            availability_zone text,
            resource_id text,
            resource_name text,
            resource_type text,
            sku_id text,
            sku_price_id text,
            pricing_category text,
            pricing_unit text,
            pricing_quantity numeric,
            list_unit_price numeric,
            contracted_unit_price numeric,
            consumed_unit text,
            consumed_quantity numeric,
            commitment_discount_id text,
            commitment_discount_name text,
            commitment_discount_category text,
            commitment_discount_type text,
            commitment_discount_status text,
            tags jsonb,
            x_instance_type text,
            x_usage_type text,
            x_operation text,
            constraint pk_billing_line_items primary key (charge_period_start, id)
        ) partition by range (charge_period_start);

        alter sequence finops.billing_line_items_id_seq owned by finops.billing_line_items.id;

        create index ix_billing_line_items_ingestion_id on finops.billing_line_items (ingestion_id);
        create index ix_billing_line_items_scope on finops.billing_line_items (provider_name, billing_account_id, billing_period_start);
        create index ix_billing_line_items_resource_id on finops.billing_line_items (resource_id);

        create or replace function finops.ensure_billing_partition(month date) returns boolean
        language plpgsql as $fn$
        declare
            first_day date := date_trunc('month', month)::date;
            part_name text := format('billing_line_items_y%sm%s', to_char(first_day, 'YYYY'), to_char(first_day, 'MM'));
        begin
            if exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                       where n.nspname = 'finops' and c.relname = part_name) then
                return false;
            end if;
            -- Two loaders may reach a new month at once; the lock makes the second one see the first's table.
            perform pg_advisory_xact_lock(hashtext('finops.billing_partitions'));
            if exists (select 1 from pg_class c join pg_namespace n on n.oid = c.relnamespace
                       where n.nspname = 'finops' and c.relname = part_name) then
                return false;
            end if;
            execute format(
                'create table finops.%I partition of finops.billing_line_items for values from (%L) to (%L)',
                part_name, (first_day::timestamp at time zone 'UTC'), ((first_day + interval '1 month')::timestamp at time zone 'UTC'));
            return true;
        end
        $fn$;
        """;

    internal const string DropSql = """
        drop function if exists finops.ensure_billing_partition(date);
        drop table if exists finops.billing_line_items cascade;
        drop sequence if exists finops.billing_line_items_id_seq;
        """;
}
