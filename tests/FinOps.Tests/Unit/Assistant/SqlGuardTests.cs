using FinOps.Core.Assistant.Sql;

namespace FinOps.Tests.Unit.Assistant;

public sealed class SqlGuardTests
{
    [Theory]
    [InlineData("select round(sum(effective_cost), 2) as c from assistant.costs where day between date '2026-08-01' and date '2026-08-31' and currency = 'USD'")]
    [InlineData("with t as (select service_name, coalesce(sum(effective_cost) filter (where day >= date '2026-08-01'), 0) as c from assistant.costs group by service_name) select * from t order by c desc limit 3")]
    [InlineData("select tags ->> 'team' as team, sum(effective_cost) from assistant.line_items where charge_period_start >= timestamptz '2026-08-01 00:00:00+00' group by 1")]
    [InlineData("select a.name, sum(c.effective_cost) from assistant.costs c join assistant.accounts a on a.sub_account_id = c.sub_account_id group by a.name")]
    [InlineData("select day, predicted from assistant.forecasts where run_id = (select run_id from (select run_id from assistant.forecasts order by generated_at desc limit 1) as latest)")]
    [InlineData("select t.key, count(*) from assistant.line_items li cross join lateral jsonb_each_text(li.tags) as t(key, value) group by 1")]
    [InlineData("select 'it''s -- not a comment; nor /* this */' as text from costs")]
    [InlineData("SELECT to_char(day, 'FMDay') AS weekday, avg(effective_cost) FROM assistant.costs GROUP BY 1;")]
    public void Accepts_a_single_read_of_the_assistant_views(string sql)
    {
        var checkedSql = SqlGuard.Check(sql);
        Assert.False(checkedSql.EndsWith(';'), checkedSql);
    }

    [Theory]
    [InlineData("select 1; select 2", "several statements")]
    [InlineData("select * from assistant.costs; drop table finops.accounts", "several statements")]
    [InlineData("select 1 -- where 1=1", "Comments")]
    [InlineData("select /* hidden */ 1", "Comments")]
    [InlineData("drop table finops.accounts", "starts with")]
    [InlineData("update finops.accounts set name = 'x'", "starts with")]
    [InlineData("delete from finops.accounts", "starts with")]
    [InlineData("insert into finops.accounts default values", "starts with")]
    [InlineData("copy finops.accounts to '/tmp/x'", "starts with")]
    [InlineData("with d as (delete from finops.accounts returning 1) select count(*) from d", "DELETE")]
    [InlineData("select * into finops.stolen from assistant.costs", "INTO")]
    [InlineData("select * from assistant.costs for update", "FOR")]
    [InlineData("select pg_sleep(10)", "System catalogs")]
    [InlineData("select pg_read_file('/etc/passwd')", "System catalogs")]
    [InlineData("select set_config('role', 'postgres', true)", "set_config")]
    [InlineData("select lo_export(1, '/tmp/x')", "lo_export")]
    [InlineData("select dblink_exec('host=x', 'drop table a')", "dblink_exec")]
    [InlineData("select * from finops.accounts", "not one of them")]
    [InlineData("select * from \"finops\".\"api_keys\"", "not one of them")]
    [InlineData("select * from accounts a, pg_user u", "only the assistant views may be read")]
    [InlineData("select usename from pg_catalog.pg_user", "only the assistant views may be read")]
    [InlineData("select * from information_schema.tables", "only the assistant views may be read")]
    [InlineData("select * from (select 1) x, api_keys", "not one of them")]
    [InlineData("select * from (select 1) x join (select 2) y on true, finops.accounts", "not one of them")]
    [InlineData("select * from assistant.costs c where c.day in (select day from assistant.costs), pg_roles", "assistant views")]
    [InlineData("select $$x$$", "Dollar")]
    [InlineData("select E'\\x41'", "Escape")]
    [InlineData("select U&'\\0041'", "Unexpected character")]
    [InlineData("select 1\u200B; drop table x", "invisible")]
    [InlineData("select 1\uFF1B drop table x", "non-ASCII")]
    [InlineData("\u0455elect 1", "non-ASCII")]
    [InlineData("select 'a\u202Eb'", "invisible")]
    [InlineData("select 1 from assistant.costs where (1 = 1", "unbalanced")]
    [InlineData("", "no SQL")]
    public void Refuses_anything_but_one_select_of_the_views(string sql, string reason)
    {
        var e = Assert.Throws<AssistantRefusedException>(() => SqlGuard.Check(sql));
        Assert.Contains(reason, e.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Refuses_sql_longer_than_the_limit()
    {
        var sql = "select 1 as x from assistant.costs where " + string.Join(" or ", Enumerable.Repeat("day = date '2026-01-01'", 1000));
        Assert.Throws<AssistantRefusedException>(() => SqlGuard.Check(sql));
    }
}
