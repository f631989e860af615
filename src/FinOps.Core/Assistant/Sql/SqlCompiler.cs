using System.Globalization;
using System.Text;
using FinOps.Core.Assistant.Language;

namespace FinOps.Core.Assistant.Sql;

/// <summary>A plan the compiler cannot express faithfully (e.g. recommendations filtered by service): asked back, never approximated.</summary>
public sealed class PlanNotSupportedException(string message) : Exception(message);

/// <summary>The chart the UI draws from the result: which column is the x axis, which are series, and an optional grouping column.</summary>
public sealed record ChartSpec(string Type, string X, IReadOnlyList<string> Series, string? GroupBy = null, string? Unit = null);

/// <summary>The SQL of a plan and how to chart its result.</summary>
public sealed record CompiledQuery(string Sql, ChartSpec? Chart);

/// <summary>
/// Compiles a <see cref="QueryPlan"/> into one SELECT over the curated views, with every value written as
/// a quoted literal so the SQL shown to the user is exactly the SQL that ran (it goes through the same
/// <see cref="SqlGuard"/> as any other). Money is summed unrounded and rounded to cents once, in the
/// dominant currency only; ordering is total, ties broken by the grouping keys.
/// </summary>
public static class SqlCompiler
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static CompiledQuery Compile(QueryPlan plan) => plan.Intent switch
    {
        Intent.Cost => Cost(plan),
        Intent.Growth => Growth(plan),
        Intent.Anomalies => Anomalies(plan),
        Intent.Recommendations => Recommendations(plan),
        Intent.Forecast => Forecast(plan),
        Intent.Savings => Savings(plan),
        _ => throw new PlanNotSupportedException("This kind of question is not supported."),
    };

    // ---------------------------------------------------------------- cost

    private static bool NeedsLineItems(QueryPlan plan) =>
        plan.Measure == Measure.UsageQuantity
        || plan.GroupBy.Any(g => g.Dimension is Dimension.Resource or Dimension.InstanceType or Dimension.Tag)
        || plan.Filters.Any(f => f.Dimension is Dimension.Resource or Dimension.InstanceType or Dimension.Tag);

    private static string MeasureColumn(Measure m) => m switch
    {
        Measure.BilledCost => "billed_cost",
        Measure.ListCost => "list_cost",
        Measure.UsageQuantity => "consumed_quantity",
        _ => "effective_cost",
    };

    /// <summary>Select expressions, group expressions and output column names of one grouping.</summary>
    private static (string[] Select, string[] Group, string[] Columns) Dim(GroupKey key) => key.Dimension switch
    {
        Dimension.Service => (["service_name"], ["service_name"], ["service_name"]),
        Dimension.SubAccount => (["sub_account_id", "max(sub_account_name) as sub_account_name"], ["sub_account_id"], ["sub_account_id", "sub_account_name"]),
        Dimension.Region => (["region_id"], ["region_id"], ["region_id"]),
        Dimension.Provider => (["provider_name"], ["provider_name"], ["provider_name"]),
        Dimension.ChargeCategory => (["charge_category"], ["charge_category"], ["charge_category"]),
        Dimension.ServiceCategory => (["service_category"], ["service_category"], ["service_category"]),
        Dimension.Resource => (["resource_id", "max(resource_name) as resource_name", "max(service_name) as service_name"], ["resource_id"],
            ["resource_id", "resource_name", "service_name"]),
        Dimension.InstanceType => (["instance_type"], ["instance_type"], ["instance_type"]),
        Dimension.Tag => ([$"tags ->> {Lit(key.TagKey!)} as {TagColumn(key.TagKey!)}"], [$"tags ->> {Lit(key.TagKey!)}"], [TagColumn(key.TagKey!)]),
        _ => throw new PlanNotSupportedException($"Costs cannot be grouped by {key.Dimension}."),
    };

    private static string TagColumn(string key)
    {
        var name = new string(key.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray()).Trim('_');
        return name.Length == 0 || char.IsAsciiDigit(name[0]) || SqlKeywordLike(name) ? "tag_" + name : name;
    }

    private static bool SqlKeywordLike(string name) => name is "select" or "from" or "where" or "group" or "order" or "limit" or "user" or "end" or "case"
        or "table" or "default" or "check" or "all" or "and" or "or" or "not" or "in" or "is" or "as" or "on" or "to" or "for" or "do" or "set";

    private static string GrainColumn(Grain grain) => grain switch
    {
        Grain.Week => "date_trunc('week', day)::date",
        Grain.Month => "date_trunc('month', day)::date",
        _ => "day",
    };

    private static string GrainName(Grain grain) => grain switch
    {
        Grain.Week => "week",
        Grain.Month => "month",
        _ => "day",
    };

    private static List<string> CostWhere(QueryPlan plan, bool lineItems, Period period)
    {
        var where = new List<string>();
        if (lineItems)
        {
            where.Add($"charge_period_start >= {Ts(period.From)}");
            where.Add($"charge_period_start < {Ts(period.To.AddDays(1))}");
        }
        else
        {
            where.Add($"day between {Date(period.From)} and {Date(period.To)}");
        }
        where.Add($"currency = {Lit(plan.Currency)}");
        foreach (var f in plan.Filters)
        {
            where.Add(FilterSql(f, Intent.Cost));
        }
        if (plan.GroupBy.Any(g => g.Dimension == Dimension.Resource))
        {
            where.Add("resource_id is not null");
        }
        return where;
    }

    private static string FilterSql(Filter f, Intent intent)
    {
        var column = f.Dimension switch
        {
            Dimension.Service => "service_name",
            Dimension.SubAccount => "sub_account_id",
            Dimension.Region => "region_id",
            Dimension.Provider => "provider_name",
            Dimension.ChargeCategory => "charge_category",
            Dimension.ServiceCategory => "service_category",
            Dimension.Resource => "resource_id",
            Dimension.InstanceType => intent == Intent.Cost || intent == Intent.Growth ? "instance_type" : throw Unsupported(f, intent),
            Dimension.Tag => $"tags ->> {Lit(f.TagKey!)}",
            Dimension.RecommendationType => "type",
            Dimension.Severity => "severity",
            _ => throw Unsupported(f, intent),
        };
        if (f.Values.Count == 0)
        {
            return $"{column} is not null";
        }
        return f.Values.Count == 1 ? $"{column} = {Lit(f.Values[0])}" : $"{column} in ({string.Join(", ", f.Values.Select(Lit))})";
    }

    private static PlanNotSupportedException Unsupported(Filter f, Intent intent) =>
        new($"{IntentNoun(intent)} cannot be filtered by {DimensionNoun(f.Dimension)} (\"{f.Phrase}\").");

    private static CompiledQuery Cost(QueryPlan plan)
    {
        var lineItems = NeedsLineItems(plan);
        var source = lineItems ? "assistant.line_items" : "assistant.costs";
        var period = plan.Period!;
        var measure = MeasureColumn(plan.Measure);
        var valueName = measure;
        var select = new List<string>();
        var group = new List<string>();
        var keyColumns = new List<string>();
        string? grainColumn = null;
        if (plan.Grain is { } grain)
        {
            grainColumn = GrainName(grain);
            select.Add(grain == Grain.Day ? "day" : $"{GrainColumn(grain)} as {grainColumn}");
            group.Add(GrainColumn(grain));
        }
        foreach (var key in plan.GroupBy)
        {
            var d = Dim(key);
            select.AddRange(d.Select);
            group.AddRange(d.Group);
            keyColumns.AddRange(d.Columns);
        }
        if (plan.Measure == Measure.UsageQuantity)
        {
            select.Add("consumed_unit");
            group.Add("consumed_unit");
            keyColumns.Add("consumed_unit");
        }
        var where = CostWhere(plan, lineItems, period);
        var sql = new StringBuilder();
        if (group.Count == 0)
        {
            if (plan.MinAmount is not null || plan.MaxAmount is not null)
            {
                throw new PlanNotSupportedException("An amount threshold needs something to compare, e.g. \"services over $1,000 last month\".");
            }
            sql.Append($"select round(coalesce(sum({measure}), 0), 2) as {valueName}\nfrom {source}\nwhere {string.Join("\n  and ", where)}");
            return new CompiledQuery(sql.ToString(), null);
        }
        select.Add($"round(sum({measure}), 2) as {valueName}");
        sql.Append($"select {string.Join(", ", select)}\nfrom {source}\nwhere {string.Join("\n  and ", where)}\ngroup by {string.Join(", ", group)}");
        var having = new List<string>();
        if (plan.MinAmount is { } min)
        {
            having.Add($"sum({measure}) {(plan.MinInclusive ? ">=" : ">")} {Num(min)}");
        }
        if (plan.MaxAmount is { } max)
        {
            having.Add($"sum({measure}) {(plan.MaxInclusive ? "<=" : "<")} {Num(max)}");
        }
        if (having.Count > 0)
        {
            sql.Append($"\nhaving {string.Join(" and ", having)}");
        }
        var descending = plan.Ranking?.Descending ?? true;
        var order = new List<string>();
        if (plan.Grain is { } g)
        {
            order.Add(GrainColumn(g));
        }
        order.Add($"sum({measure}) {(descending ? "desc" : "asc")}");
        order.AddRange(group);
        sql.Append($"\norder by {string.Join(", ", order.Distinct())}");
        if (plan.Ranking is { } r && grainColumn is null)
        {
            sql.Append(Invariant, $"\nlimit {r.Limit}");
        }
        ChartSpec chart = grainColumn is not null
            ? new ChartSpec("line", grainColumn, [valueName], keyColumns.FirstOrDefault(), plan.Currency)
            : new ChartSpec("bar", LabelColumn(keyColumns), [valueName], null, plan.Measure == Measure.UsageQuantity ? null : plan.Currency);
        return new CompiledQuery(sql.ToString(), chart);
    }

    /// <summary>The column a chart labels bars with: the name rather than the id when both are there.</summary>
    private static string LabelColumn(List<string> keys) =>
        keys.Contains("sub_account_name") ? "sub_account_name" : keys.Contains("resource_name") ? "resource_id" : keys[0];

    // ---------------------------------------------------------------- growth (period over period)

    private static CompiledQuery Growth(QueryPlan plan)
    {
        var lineItems = NeedsLineItems(plan);
        var source = lineItems ? "assistant.line_items" : "assistant.costs";
        var current = plan.Period!;
        var previous = plan.PreviousPeriod!;
        var measure = MeasureColumn(plan.Measure);
        var span = new Period(current.From < previous.From ? current.From : previous.From, current.To > previous.To ? current.To : previous.To, "");
        var where = CostWhere(plan, lineItems, span);
        var inner = new List<string>();
        var group = new List<string>();
        var keys = new List<string>();
        foreach (var key in plan.GroupBy)
        {
            var d = Dim(key);
            inner.AddRange(d.Select);
            group.AddRange(d.Group);
            keys.AddRange(d.Columns);
        }
        if (plan.Measure == Measure.UsageQuantity)
        {
            throw new PlanNotSupportedException("Growth is compared on costs; ask for the usage quantity of each period separately.");
        }
        inner.Add($"coalesce(sum({measure}) filter (where day between {Date(previous.From)} and {Date(previous.To)}), 0) as previous_cost");
        inner.Add($"coalesce(sum({measure}) filter (where day between {Date(current.From)} and {Date(current.To)}), 0) as current_cost");
        var sql = new StringBuilder();
        sql.Append($"with t as (\n  select {string.Join(", ", inner)}\n  from {source}\n  where {string.Join("\n    and ", where)}");
        if (group.Count > 0)
        {
            sql.Append($"\n  group by {string.Join(", ", group)}");
        }
        sql.Append(")\n");
        var outer = keys.Concat(
        [
            "round(previous_cost, 2) as previous_cost",
            "round(current_cost, 2) as current_cost",
            "round(current_cost - previous_cost, 2) as change",
            "round(100 * (current_cost - previous_cost) / nullif(previous_cost, 0), 1) as change_pct",
        ]);
        sql.Append($"select {string.Join(", ", outer)}\nfrom t");
        if (group.Count > 0)
        {
            var order = plan.GrowthOrder switch
            {
                GrowthOrder.Increase => "current_cost - previous_cost desc",
                GrowthOrder.IncreaseAscending => "current_cost - previous_cost asc",
                GrowthOrder.Decrease => "current_cost - previous_cost asc",
                GrowthOrder.Change => "abs(current_cost - previous_cost) desc",
                _ => plan.Ranking is { Descending: false } ? "current_cost asc" : "current_cost desc",
            };
            sql.Append($"\norder by {string.Join(", ", new[] { order }.Concat(keys))}");
            if (plan.Ranking is { } r)
            {
                sql.Append(Invariant, $"\nlimit {r.Limit}");
            }
        }
        var chart = group.Count > 0
            ? new ChartSpec("bar", LabelColumn(keys), ["previous_cost", "current_cost"], null, plan.Currency)
            : new ChartSpec("bar", "", ["previous_cost", "current_cost"], null, plan.Currency);
        return new CompiledQuery(sql.ToString(), chart);
    }

    // ---------------------------------------------------------------- anomalies

    private static CompiledQuery Anomalies(QueryPlan plan)
    {
        var where = new List<string> { $"currency = {Lit(plan.Currency)}" };
        foreach (var f in plan.Filters)
        {
            if (f.Dimension is not (Dimension.Service or Dimension.SubAccount or Dimension.Region or Dimension.Provider or Dimension.Severity or Dimension.ChargeCategory))
            {
                throw Unsupported(f, Intent.Anomalies);
            }
            where.Add(FilterSql(f, Intent.Anomalies));
        }
        if (plan.Statuses.Count > 0)
        {
            where.Add(plan.Statuses.Count == 1 ? $"status = {Lit(plan.Statuses[0])}" : $"status in ({string.Join(", ", plan.Statuses.Select(Lit))})");
        }
        if (plan.Period is { } p)
        {
            where.Add($"day between {Date(p.From)} and {Date(p.To)}");
        }
        AddThresholds(plan, where, "impact_amount");
        var whereSql = string.Join("\n  and ", where);
        if (plan.GroupBy.Count > 0)
        {
            var key = plan.GroupBy[0];
            var column = key.Dimension switch
            {
                Dimension.Service => "service_name",
                Dimension.SubAccount => "sub_account_id",
                Dimension.Region => "region_id",
                Dimension.Provider => "provider_name",
                Dimension.Severity => "severity",
                _ => throw new PlanNotSupportedException($"Anomalies cannot be grouped by {DimensionNoun(key.Dimension)}."),
            };
            var limit = plan.Ranking is { } r ? string.Create(Invariant, $"\nlimit {r.Limit}") : "";
            return new CompiledQuery(
                $"select {column}, count(*) as anomalies, round(sum(impact_amount), 2) as total_impact\nfrom assistant.anomalies\nwhere {whereSql}\n" +
                $"group by {column}\norder by sum(impact_amount) {(plan.Ranking is { Descending: false } ? "asc" : "desc")}, {column}{limit}",
                new ChartSpec("bar", column, ["total_impact"], null, plan.Currency));
        }
        if (plan.Aggregate is Aggregate.Count or Aggregate.Sum)
        {
            return new CompiledQuery(
                $"select count(*) as anomalies, round(coalesce(sum(impact_amount), 0), 2) as total_impact\nfrom assistant.anomalies\nwhere {whereSql}", null);
        }
        var rank = plan.Ranking is { } rk ? string.Create(Invariant, $"\nlimit {rk.Limit}") : "";
        return new CompiledQuery(
            "select day, scope_label, provider_name, sub_account_id, service_name, region_id, severity, status,\n" +
            "  round(actual, 2) as actual, round(expected, 2) as expected, round(impact_amount, 2) as impact_amount, round(impact_percent::numeric, 1) as impact_percent\n" +
            $"from assistant.anomalies\nwhere {whereSql}\norder by impact_amount {(plan.Ranking is { Descending: false } ? "asc" : "desc")}, day desc, scope_label{rank}",
            new ChartSpec("bar", "scope_label", ["impact_amount"], null, plan.Currency));
    }

    private static void AddThresholds(QueryPlan plan, List<string> where, string column)
    {
        if (plan.MinAmount is { } min)
        {
            where.Add($"{column} {(plan.MinInclusive ? ">=" : ">")} {Num(min)}");
        }
        if (plan.MaxAmount is { } max)
        {
            where.Add($"{column} {(plan.MaxInclusive ? "<=" : "<")} {Num(max)}");
        }
    }

    // ---------------------------------------------------------------- recommendations

    private static CompiledQuery Recommendations(QueryPlan plan)
    {
        var where = new List<string> { $"currency = {Lit(plan.Currency)}" };
        foreach (var f in plan.Filters)
        {
            if (f.Dimension is not (Dimension.SubAccount or Dimension.Region or Dimension.Provider or Dimension.RecommendationType or Dimension.Resource))
            {
                throw Unsupported(f, Intent.Recommendations);
            }
            where.Add(FilterSql(f, Intent.Recommendations));
        }
        if (plan.Statuses.Count > 0)
        {
            where.Add(plan.Statuses.Count == 1 ? $"status = {Lit(plan.Statuses[0])}" : $"status in ({string.Join(", ", plan.Statuses.Select(Lit))})");
        }
        AddThresholds(plan, where, "estimated_monthly_savings");
        if (plan.Period is not null)
        {
            throw new PlanNotSupportedException("Recommendations are current advice, not dated: ask without a period.");
        }
        var whereSql = string.Join("\n  and ", where);
        if (plan.GroupBy.Count > 0)
        {
            var key = plan.GroupBy[0];
            var column = key.Dimension switch
            {
                Dimension.RecommendationType => "type",
                Dimension.SubAccount => "sub_account_id",
                Dimension.Region => "region_id",
                Dimension.Provider => "provider_name",
                _ => throw new PlanNotSupportedException($"Recommendations cannot be grouped by {DimensionNoun(key.Dimension)}."),
            };
            var limit = plan.Ranking is { } r ? string.Create(Invariant, $"\nlimit {r.Limit}") : "";
            return new CompiledQuery(
                $"select {column}, count(*) as recommendations, round(sum(estimated_monthly_savings), 2) as estimated_monthly_savings\n" +
                $"from assistant.recommendations\nwhere {whereSql}\ngroup by {column}\norder by sum(estimated_monthly_savings) desc, {column}{limit}",
                new ChartSpec("bar", column, ["estimated_monthly_savings"], null, plan.Currency));
        }
        if (plan.Aggregate is Aggregate.Count or Aggregate.Sum)
        {
            return new CompiledQuery(
                "select count(*) as recommendations, round(coalesce(sum(estimated_monthly_savings), 0), 2) as estimated_monthly_savings\n" +
                $"from assistant.recommendations\nwhere {whereSql}", null);
        }
        var rank = plan.Ranking is { } rk ? string.Create(Invariant, $"\nlimit {rk.Limit}") : "";
        return new CompiledQuery(
            "select resource_id, type, current_type, proposed_type, provider_name, sub_account_id, region_id,\n" +
            "  round(estimated_monthly_savings, 2) as estimated_monthly_savings, status\n" +
            $"from assistant.recommendations\nwhere {whereSql}\norder by estimated_monthly_savings {(plan.Ranking is { Descending: false } ? "asc" : "desc")}, resource_id, type{rank}",
            new ChartSpec("bar", "resource_id", ["estimated_monthly_savings"], null, plan.Currency));
    }

    // ---------------------------------------------------------------- forecasts

    private static CompiledQuery Forecast(QueryPlan plan)
    {
        string? service = null, account = null;
        foreach (var f in plan.Filters)
        {
            if (f.Dimension is Dimension.Service && f.Values.Count == 1)
            {
                service = f.Values[0];
            }
            else if (f.Dimension is Dimension.SubAccount && f.Values.Count == 1)
            {
                account = f.Values[0];
            }
            else
            {
                throw new PlanNotSupportedException(
                    $"Forecasts exist for the total, one service or one account; \"{f.Phrase}\" is not one of those scopes.");
            }
        }
        var scope = $"{(account is null ? "sub_account_id is null" : $"sub_account_id = {Lit(account)}")} and {(service is null ? "service_name is null" : $"service_name = {Lit(service)}")}";
        var run = $"select run_id, currency from assistant.forecasts where {scope} order by generated_at desc, run_id limit 1";
        var period = plan.Period!;
        switch (plan.ForecastKind)
        {
            case ForecastKind.MonthEnd:
                {
                    var month = period;
                    var actualFilters = new List<string>();
                    if (service is not null)
                    {
                        actualFilters.Add($"c.service_name = {Lit(service)}");
                    }
                    if (account is not null)
                    {
                        actualFilters.Add($"c.sub_account_id = {Lit(account)}");
                    }
                    var extra = actualFilters.Count > 0 ? "\n    and " + string.Join("\n    and ", actualFilters) : "";
                    var sql =
                        $"with run as (\n  {run}),\n" +
                        "actual as (\n  select coalesce(sum(c.effective_cost), 0) as amount, max(c.day) as through\n  from assistant.costs c\n" +
                        $"  where c.day between {Date(month.From)} and {Date(month.To)}\n    and c.currency = (select currency from run){extra}),\n" +
                        "rest as (\n  select coalesce(sum(f.predicted), 0) as predicted, coalesce(sum(f.lower_80), 0) as lower_80, coalesce(sum(f.upper_80), 0) as upper_80, count(*) as days\n" +
                        "  from assistant.forecasts f\n  where f.run_id = (select run_id from run)\n" +
                        $"    and f.day > coalesce((select through from actual), {Date(month.From.AddDays(-1))})\n    and f.day <= {Date(month.To)})\n" +
                        "select round(a.amount, 2) as actual_to_date, round(r.predicted, 2) as forecast_rest_of_month,\n" +
                        "  round(a.amount + r.predicted, 2) as projected_month_end, round(a.amount + r.lower_80, 2) as lower_80,\n" +
                        "  round(a.amount + r.upper_80, 2) as upper_80, (select currency from run) as currency\n" +
                        "from actual a cross join rest r\nwhere exists (select 1 from run)";
                    return new CompiledQuery(sql, null);
                }
            case ForecastKind.Range:
                return new CompiledQuery(
                    "select round(sum(predicted), 2) as predicted, round(sum(lower_80), 2) as lower_80, round(sum(upper_80), 2) as upper_80,\n" +
                    "  count(*) as days_covered, max(currency) as currency\nfrom assistant.forecasts\n" +
                    $"where run_id = (select run_id from ({run}) as latest)\n  and day between {Date(period.From)} and {Date(period.To)}\nhaving count(*) > 0",
                    null);
            default:
                return new CompiledQuery(
                    "select day, round(predicted, 2) as predicted, round(lower_80, 2) as lower_80, round(upper_80, 2) as upper_80\nfrom assistant.forecasts\n" +
                    $"where run_id = (select run_id from ({run}) as latest)\n  and day between {Date(period.From)} and {Date(period.To)}\norder by day",
                    new ChartSpec("line", "day", ["predicted", "lower_80", "upper_80"], null, plan.Currency));
        }
    }

    // ---------------------------------------------------------------- realized savings

    private static CompiledQuery Savings(QueryPlan plan)
    {
        var where = new List<string> { $"currency = {Lit(plan.Currency)}" };
        if (plan.Validated is { } validated)
        {
            where.Add(validated ? "validated" : "not validated");
        }
        foreach (var f in plan.Filters)
        {
            if (f.Dimension is not (Dimension.SubAccount or Dimension.Region or Dimension.Provider or Dimension.RecommendationType or Dimension.Resource))
            {
                throw Unsupported(f, Intent.Savings);
            }
            where.Add(FilterSql(f, Intent.Savings));
        }
        if (plan.Period is { } p)
        {
            where.Add($"post_start <= {Date(p.To)}");
            where.Add($"post_end >= {Date(p.From)}");
        }
        AddThresholds(plan, where, "realized_monthly_savings");
        var whereSql = string.Join("\n  and ", where);
        if (plan.GroupBy.Count > 0)
        {
            var key = plan.GroupBy[0];
            var column = key.Dimension switch
            {
                Dimension.RecommendationType => "type",
                Dimension.SubAccount => "sub_account_id",
                Dimension.Region => "region_id",
                Dimension.Provider => "provider_name",
                _ => throw new PlanNotSupportedException($"Savings cannot be grouped by {DimensionNoun(key.Dimension)}."),
            };
            return new CompiledQuery(
                $"select {column}, count(*) as recommendations, round(sum(realized_monthly_savings), 2) as realized_monthly_savings\n" +
                $"from assistant.savings\nwhere {whereSql}\ngroup by {column}\norder by sum(realized_monthly_savings) desc, {column}",
                new ChartSpec("bar", column, ["realized_monthly_savings"], null, plan.Currency));
        }
        if (plan.Aggregate == Aggregate.List || plan.Ranking is not null)
        {
            var rank = plan.Ranking is { } rk ? string.Create(Invariant, $"\nlimit {rk.Limit}") : "";
            return new CompiledQuery(
                "select resource_id, type, round(baseline_cost, 2) as baseline_cost, round(post_cost, 2) as post_cost,\n" +
                "  round(realized_monthly_savings, 2) as realized_monthly_savings, validated, post_end\n" +
                $"from assistant.savings\nwhere {whereSql}\norder by realized_monthly_savings {(plan.Ranking is { Descending: false } ? "asc" : "desc")}, resource_id{rank}",
                new ChartSpec("bar", "resource_id", ["realized_monthly_savings"], null, plan.Currency));
        }
        return new CompiledQuery(
            $"select count(*) as recommendations, round(coalesce(sum(realized_monthly_savings), 0), 2) as realized_monthly_savings\nfrom assistant.savings\nwhere {whereSql}",
            null);
    }

    // ---------------------------------------------------------------- literals and words

    /// <summary>A string literal: standard-conforming, quotes doubled; the guard refuses anything else.</summary>
    public static string Lit(string value) => "'" + value.Replace("'", "''") + "'";

    private static string Date(DateOnly d) => $"date '{d.ToString("yyyy-MM-dd", Invariant)}'";

    private static string Ts(DateOnly d) => $"timestamptz '{d.ToString("yyyy-MM-dd", Invariant)} 00:00:00+00'";

    private static string Num(decimal d) => d.ToString(Invariant);

    public static string DimensionNoun(Dimension d) => d switch
    {
        Dimension.SubAccount => "account",
        Dimension.ServiceCategory => "service category",
        Dimension.ChargeCategory => "charge category",
        Dimension.InstanceType => "instance type",
        Dimension.RecommendationType => "recommendation type",
        _ => d.ToString().ToLowerInvariant(),
    };

    private static string IntentNoun(Intent i) => i switch
    {
        Intent.Anomalies => "Anomalies",
        Intent.Recommendations => "Recommendations",
        Intent.Savings => "Savings",
        Intent.Forecast => "Forecasts",
        _ => "Costs",
    };
}
