using System.Globalization;
using FinOps.Core.Assistant.Language;
using FinOps.Core.Assistant.Sql;

namespace FinOps.Core.Assistant;

/// <summary>Turns a plan and its result into the one-line answer and the <see cref="Understood"/> reading.</summary>
public static class AnswerComposer
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static Understood Describe(QueryPlan plan) => new(
        Source: "grammar",
        Summary: Summary(plan),
        Intent: plan.Intent.ToString().ToLowerInvariant(),
        Measure: plan.Intent is Intent.Cost or Intent.Growth ? MeasureName(plan.Measure) : plan.Intent switch
        {
            Intent.Anomalies => "anomaly_impact",
            Intent.Recommendations => "estimated_monthly_savings",
            Intent.Forecast => "forecast",
            Intent.Savings => "realized_monthly_savings",
            _ => null,
        },
        Dimensions: plan.GroupBy.Select(g => g.Dimension == Dimension.Tag ? $"tag:{g.TagKey}" : Snake(g.Dimension)).ToList(),
        Filters: plan.Filters.Select(f => new UnderstoodFilter(Snake(f.Dimension), f.Values, f.Phrase, f.TagKey))
            .Concat(plan.Statuses.Count > 0 ? [new UnderstoodFilter("status", plan.Statuses, string.Join(", ", plan.Statuses))] : [])
            .ToList(),
        Period: plan.Period is { } p ? new UnderstoodPeriod(p.From, p.To, p.Label) : null,
        ComparedWith: plan.PreviousPeriod is { } q ? new UnderstoodPeriod(q.From, q.To, q.Label) : null,
        Ranking: plan.Ranking is { } r ? new UnderstoodRanking(r.Limit, r.Descending ? "desc" : "asc") : null,
        Currency: plan.Currency,
        Assumptions: plan.Assumptions,
        Granularity: plan.Grain?.ToString().ToLowerInvariant());

    private static string Snake(Dimension d) => d switch
    {
        Dimension.SubAccount => "sub_account",
        Dimension.ChargeCategory => "charge_category",
        Dimension.ServiceCategory => "service_category",
        Dimension.InstanceType => "instance_type",
        Dimension.RecommendationType => "recommendation_type",
        _ => d.ToString().ToLowerInvariant(),
    };

    private static string MeasureName(Measure m) => m switch
    {
        Measure.BilledCost => "billed_cost",
        Measure.ListCost => "list_cost",
        Measure.UsageQuantity => "usage_quantity",
        _ => "effective_cost",
    };

    private static string MeasureLabel(Measure m) => m switch
    {
        Measure.BilledCost => "Billed cost",
        Measure.ListCost => "List cost",
        Measure.UsageQuantity => "Usage quantity",
        _ => "Effective cost",
    };

    /// <summary>"Effective cost of Amazon Elastic Compute Cloud in account acme-staging, August 2026, by sub-account".</summary>
    public static string Summary(QueryPlan plan)
    {
        var parts = new List<string>();
        var filters = FilterText(plan.Filters);
        switch (plan.Intent)
        {
            case Intent.Cost:
                parts.Add(MeasureLabel(plan.Measure) + (filters.Length > 0 ? $" of {filters}" : ""));
                break;
            case Intent.Growth:
                parts.Add($"Change in {MeasureLabel(plan.Measure).ToLowerInvariant()}" + (filters.Length > 0 ? $" of {filters}" : ""));
                break;
            case Intent.Anomalies:
                parts.Add(Join(plan.Statuses.Count > 0 ? string.Join("/", plan.Statuses.Select(s => s.Replace('_', ' '))) + " anomalies" : "Anomalies", filters));
                break;
            case Intent.Recommendations:
                parts.Add(Join((plan.Statuses.Count > 0 ? string.Join("/", plan.Statuses) + " " : "") + "recommendations", filters));
                break;
            case Intent.Forecast:
                parts.Add("Forecast" + (filters.Length > 0 ? $" of {filters}" : " of total spend"));
                break;
            case Intent.Savings:
                parts.Add(Join((plan.Validated == true ? "validated " : "") + "realized savings", filters));
                break;
        }
        if (plan.MinAmount is { } min)
        {
            parts.Add($"{(plan.MinInclusive ? "at least" : "over")} {Money(min, plan.Currency)}");
        }
        if (plan.MaxAmount is { } max)
        {
            parts.Add($"{(plan.MaxInclusive ? "at most" : "under")} {Money(max, plan.Currency)}");
        }
        if (plan.Period is { } p)
        {
            parts.Add(plan.PreviousPeriod is { } prev ? $"{p.Label} ({p.Range}) against {prev.Label} ({prev.Range})" : $"{p.Label} ({p.Range})");
        }
        if (plan.GroupBy.Count > 0)
        {
            parts.Add("by " + string.Join(" and ", plan.GroupBy.Select(g => g.Dimension == Dimension.Tag ? $"tag {g.TagKey}" : SqlCompiler.DimensionNoun(g.Dimension))));
        }
        if (plan.Grain is { } grain)
        {
            parts.Add($"per {grain.ToString().ToLowerInvariant()}");
        }
        if (plan.Ranking is { } r)
        {
            parts.Add(r.Descending ? $"top {r.Limit}" : $"bottom {r.Limit}");
        }
        var text = string.Join(", ", parts);
        return char.ToUpperInvariant(text[0]) + text[1..];
    }

    private static string Join(string head, string filters) => filters.Length > 0 ? $"{head} for {filters}" : head;

    private static string FilterText(IReadOnlyList<Filter> filters) => string.Join(" and ", filters.Select(f =>
    {
        var values = f.Labels ?? f.Values;
        var list = values.Count == 0 ? "any" : string.Join(" or ", values);
        return f.Dimension switch
        {
            Dimension.Service => list,
            Dimension.SubAccount => $"account {list}",
            Dimension.Tag => $"{f.TagKey} {list}",
            Dimension.InstanceType when values.Count == 0 => "instances",
            _ => $"{SqlCompiler.DimensionNoun(f.Dimension)} {list}",
        };
    }));

    /// <summary>The one-line answer for a result.</summary>
    public static string Answer(QueryPlan plan, SqlResult result)
    {
        var rows = result.Rows;
        var c = plan.Currency;
        var summary = Summary(plan);
        switch (plan.Intent)
        {
            case Intent.Cost when plan.GroupBy.Count == 0 && plan.Grain is null && plan.Measure != Measure.UsageQuantity:
                return $"{summary}: {Money(Dec(rows[0][0]), c)}.";
            case Intent.Cost when plan.Grain is not null:
                {
                    if (rows.Count == 0)
                    {
                        return $"{summary}: no costs in this period.";
                    }
                    var total = rows.Sum(r => Dec(r[^1]));
                    var peak = rows.MaxBy(r => Dec(r[^1]))!;
                    return $"{summary}: {Money(total, c)} in total; the highest {plan.Grain.ToString()!.ToLowerInvariant()} is {peak[0]} at {Money(Dec(peak[^1]), c)}.";
                }
            case Intent.Cost when plan.Measure == Measure.UsageQuantity:
                {
                    if (rows.Count == 0)
                    {
                        return $"{summary}: no usage recorded.";
                    }
                    var first = rows[0];
                    return $"{summary}: {Dec(first[^1]).ToString("N2", Invariant)} {first[^2]}" + (rows.Count > 1 ? $" (and {rows.Count - 1} other unit(s), see the table)." : ".");
                }
            case Intent.Cost:
                {
                    if (rows.Count == 0)
                    {
                        return $"{summary}: no costs match.";
                    }
                    var labelIndex = LabelIndex(result.Columns);
                    var total = rows.Sum(r => Dec(r[^1]));
                    if (plan.Ranking is { Limit: 1 })
                    {
                        return $"{summary}: {Label(rows[0][labelIndex])} at {Money(Dec(rows[0][^1]), c)}.";
                    }
                    var top = string.Join(", ", rows.Take(3).Select(r => $"{Label(r[labelIndex])} ({Money(Dec(r[^1]), c)})"));
                    return $"{summary}: {rows.Count} row(s) totalling {Money(total, c)}; {(plan.Ranking is { Descending: false } ? "lowest" : "largest")}: {top}.";
                }
            case Intent.Growth:
                {
                    if (rows.Count == 0)
                    {
                        return $"{summary}: nothing to compare.";
                    }
                    var n = result.Columns.Count;
                    var first = rows[0];
                    var (prev, cur, change, pct) = (Dec(first[n - 4]), Dec(first[n - 3]), Dec(first[n - 2]), first[n - 1]);
                    var changeText = $"{(change >= 0 ? "+" : "−")}{Money(Math.Abs(change), c)}{(pct is null ? "" : $" ({Dec(pct).ToString("+0.0;−0.0;0.0", Invariant)}%)")}";
                    if (plan.GroupBy.Count == 0)
                    {
                        return $"{summary}: {Money(prev, c)} → {Money(cur, c)}, {changeText}.";
                    }
                    var who = Label(first[LabelIndex(result.Columns)]);
                    var verb = plan.GrowthOrder switch
                    {
                        GrowthOrder.Increase => change > 0 ? "grew the most" : "shrank the least (nothing grew)",
                        GrowthOrder.Decrease => change < 0 ? "dropped the most" : "grew the least (nothing dropped)",
                        GrowthOrder.IncreaseAscending => "grew the least",
                        GrowthOrder.Change => "changed the most",
                        _ => "is the largest",
                    };
                    return $"{summary}: {who} {verb}, {Money(prev, c)} → {Money(cur, c)}, {changeText}.";
                }
            case Intent.Anomalies:
                {
                    if (plan.GroupBy.Count == 0 && plan.Aggregate is Aggregate.Count or Aggregate.Sum)
                    {
                        return $"{summary}: {rows[0][0]} anomalies with a total impact of {Money(Dec(rows[0][1]), c)}.";
                    }
                    if (rows.Count == 0)
                    {
                        return $"{summary}: none found.";
                    }
                    if (plan.GroupBy.Count > 0)
                    {
                        return $"{summary}: {Label(rows[0][0])} has the largest impact, {Money(Dec(rows[0][2]), c)} over {rows[0][1]} anomalies.";
                    }
                    var top = rows[0];
                    return $"{summary}: {rows.Count} found; the largest is {top[1]} on {top[0]} with an impact of {Money(Dec(top[10]), c)} ({top[6]}, {top[7]}).";
                }
            case Intent.Recommendations:
                {
                    if (plan.GroupBy.Count == 0 && plan.Aggregate is Aggregate.Count or Aggregate.Sum)
                    {
                        return $"{summary}: {rows[0][0]} recommendations worth {Money(Dec(rows[0][1]), c)} a month.";
                    }
                    if (rows.Count == 0)
                    {
                        return $"{summary}: none found.";
                    }
                    if (plan.GroupBy.Count > 0)
                    {
                        return $"{summary}: {Label(rows[0][0])} leads with {Money(Dec(rows[0][2]), c)} a month over {rows[0][1]} recommendations.";
                    }
                    var total = rows.Sum(r => Dec(r[7]));
                    return $"{summary}: {rows.Count} worth {Money(total, c)} a month; the largest is {rows[0][0]} ({rows[0][1]}) at {Money(Dec(rows[0][7]), c)} a month.";
                }
            case Intent.Forecast:
                {
                    if (rows.Count == 0)
                    {
                        return $"{summary}: there is no forecast for this scope yet (the cost-forecasting job has not produced one).";
                    }
                    var r = rows[0];
                    return plan.ForecastKind switch
                    {
                        ForecastKind.MonthEnd => $"{summary}: {Money(Dec(r[2]), c)} projected (80% interval {Money(Dec(r[3]), c)} – {Money(Dec(r[4]), c)}): " +
                            $"{Money(Dec(r[0]), c)} spent so far plus {Money(Dec(r[1]), c)} forecast for the remaining days.",
                        ForecastKind.Range => $"{summary}: {Money(Dec(r[0]), c)} (80% interval {Money(Dec(r[1]), c)} – {Money(Dec(r[2]), c)}), from {r[3]} forecast day(s).",
                        _ => $"{summary}: {Money(rows.Sum(x => Dec(x[1])), c)} over {rows.Count} day(s).",
                    };
                }
            case Intent.Savings:
                {
                    if (plan.GroupBy.Count == 0 && !(plan.Aggregate == Aggregate.List || plan.Ranking is not null))
                    {
                        return $"{summary}: {Money(Dec(rows[0][1]), c)} a month from {rows[0][0]} applied recommendation(s).";
                    }
                    if (rows.Count == 0)
                    {
                        return $"{summary}: none found.";
                    }
                    return plan.GroupBy.Count > 0
                        ? $"{summary}: {Label(rows[0][0])} leads with {Money(Dec(rows[0][2]), c)} a month."
                        : $"{summary}: the largest is {rows[0][0]} at {Money(Dec(rows[0][4]), c)} a month.";
                }
        }
        return summary;
    }

    private static int LabelIndex(IReadOnlyList<string> columns)
    {
        var name = columns.ToList().IndexOf("sub_account_name");
        return name >= 0 ? name : 0;
    }

    private static string Label(object? value) => value?.ToString() is { Length: > 0 } s ? s : "(none)";

    private static decimal Dec(object? value) => value switch
    {
        null => 0m,
        decimal d => d,
        long l => l,
        int i => i,
        double d => (decimal)d,
        _ => decimal.Parse(value.ToString()!, Invariant),
    };

    public static string Money(decimal amount, string currency) => currency switch
    {
        "USD" => amount < 0 ? $"−${(-amount).ToString("N2", Invariant)}" : $"${amount.ToString("N2", Invariant)}",
        "EUR" => $"€{amount.ToString("N2", Invariant)}",
        "GBP" => $"£{amount.ToString("N2", Invariant)}",
        _ => $"{amount.ToString("N2", Invariant)} {currency}",
    };
}
