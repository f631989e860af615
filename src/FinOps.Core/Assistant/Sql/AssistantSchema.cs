namespace FinOps.Core.Assistant.Sql;

/// <summary>A column of a curated view, with what it means to a reader of the prompt.</summary>
public sealed record ViewColumn(string Name, string Type, string Description);

/// <summary>A curated read-only view of schema <c>assistant</c>.</summary>
public sealed record CuratedView(string Name, string Description, IReadOnlyList<ViewColumn> Columns)
{
    public string QualifiedName => $"{AssistantSchema.Schema}.{Name}";
}

/// <summary>
/// The views the assistant may read (created by the AssistantViews migration). The SQL guard allows
/// these relations and nothing else; the LLM prompt describes them; a test checks this list against the
/// database so the two cannot drift apart.
/// </summary>
public static class AssistantSchema
{
    public const string Schema = "assistant";

    private static ViewColumn C(string name, string type, string description = "") => new(name, type, description);

    public static readonly CuratedView Costs = new("costs",
        "Daily cost rollup, the main source for spend questions. Several rows can share the same day and dimensions (one per ingestion): always SUM. Never add amounts of different currencies.",
        [
            C("day", "date", "UTC day of the charge"), C("billing_period_start", "date", "first day of the invoice month"),
            C("provider_name", "text", "AWS, Microsoft, Google Cloud, Oracle"), C("billing_account_id", "text"),
            C("sub_account_id", "text", "AWS account id, Azure subscription id, GCP project id"), C("sub_account_name", "text"),
            C("service_name", "text", "e.g. Amazon Elastic Compute Cloud, Virtual Machines, BigQuery"), C("service_category", "text", "Compute, Storage, Databases, …"),
            C("region_id", "text"), C("charge_category", "text", "Usage, Purchase, Tax, Credit, Adjustment"), C("currency", "text", "ISO code"),
            C("billed_cost", "numeric", "invoiced cost"), C("effective_cost", "numeric", "amortized cost after discounts (default measure)"),
            C("list_cost", "numeric", "cost at list prices"), C("line_count", "bigint", "billing lines summed into the row"),
        ]);

    public static readonly CuratedView LineItems = new("line_items",
        "FOCUS billing lines, for resource, tag, instance type and usage quantity questions. Large: filter on charge_period_start (partition key) rather than day.",
        [
            C("day", "date"), C("charge_period_start", "timestamptz"), C("charge_period_end", "timestamptz"),
            C("provider_name", "text"), C("billing_account_id", "text"), C("sub_account_id", "text"), C("sub_account_name", "text"),
            C("service_name", "text"), C("service_category", "text"), C("region_id", "text"), C("region_name", "text"), C("availability_zone", "text"),
            C("resource_id", "text"), C("resource_name", "text"), C("resource_type", "text"),
            C("charge_category", "text"), C("charge_class", "text"), C("charge_frequency", "text"), C("charge_description", "text"),
            C("sku_id", "text"), C("pricing_category", "text"), C("pricing_unit", "text"), C("pricing_quantity", "numeric"),
            C("consumed_unit", "text"), C("consumed_quantity", "numeric"),
            C("commitment_discount_type", "text"), C("commitment_discount_name", "text"),
            C("currency", "text"), C("billed_cost", "numeric"), C("effective_cost", "numeric"), C("list_cost", "numeric"), C("contracted_cost", "numeric"),
            C("instance_type", "text", "e.g. m5.large"), C("usage_type", "text"), C("tags", "jsonb", "tag key → value, read with tags->>'team'"),
        ]);

    public static readonly CuratedView Accounts = new("accounts",
        "Cloud accounts (AWS accounts, Azure subscriptions, GCP projects) with owner, team and monthly budget.",
        [
            C("provider_name", "text"), C("billing_account_id", "text"), C("sub_account_id", "text"), C("name", "text"),
            C("owner", "text"), C("team", "text"), C("monthly_budget", "numeric"), C("currency", "text"),
        ]);

    public static readonly CuratedView Anomalies = new("anomalies",
        "Detected cost anomalies: one day in one scope (null scope columns mean all).",
        [
            C("id", "uuid"), C("day", "date"), C("scope_dimension", "text"), C("scope_label", "text"), C("provider_name", "text"),
            C("sub_account_id", "text"), C("service_name", "text"), C("region_id", "text"), C("tag_key", "text"), C("tag_value", "text"),
            C("charge_category", "text"), C("currency", "text"), C("actual", "numeric"), C("expected", "numeric"),
            C("lower_bound", "numeric"), C("upper_bound", "numeric"), C("score", "double precision"),
            C("impact_amount", "numeric", "actual − expected in currency"), C("impact_percent", "double precision"),
            C("severity", "text", "low, medium, high, critical"), C("status", "text", "open, acknowledged, resolved, false_positive"),
            C("feedback", "text"), C("detected_at", "timestamptz"),
        ]);

    public static readonly CuratedView Forecasts = new("forecasts",
        "Forecast points per day and scope (both scope columns null = total spend); several runs may exist, use the latest generated_at per scope.",
        [
            C("run_id", "uuid"), C("day", "date"), C("sub_account_id", "text"), C("service_name", "text"),
            C("predicted", "numeric"), C("lower_80", "numeric"), C("upper_80", "numeric"), C("lower_95", "numeric"), C("upper_95", "numeric"),
            C("model", "text"), C("generated_at", "timestamptz"), C("currency", "text"),
        ]);

    public static readonly CuratedView Recommendations = new("recommendations",
        "Rightsizing and idle recommendations with estimated monthly savings.",
        [
            C("id", "uuid"), C("type", "text", "rightsize, idle_stop, idle_delete, unattached_storage, …"), C("resource_id", "text"),
            C("provider_name", "text"), C("sub_account_id", "text"), C("region_id", "text"), C("current_type", "text"), C("proposed_type", "text"),
            C("estimated_monthly_savings", "numeric"), C("currency", "text"), C("status", "text", "open, accepted, applied, dismissed, expired"),
            C("created_at", "timestamptz"), C("updated_at", "timestamptz"),
        ]);

    public static readonly CuratedView Savings = new("savings",
        "Realized savings of applied recommendations, measured from the bills before and after the change.",
        [
            C("id", "uuid"), C("recommendation_id", "uuid"), C("type", "text"), C("resource_id", "text"), C("provider_name", "text"),
            C("sub_account_id", "text"), C("region_id", "text"), C("baseline_start", "date"), C("baseline_end", "date"), C("baseline_cost", "numeric"),
            C("post_start", "date"), C("post_end", "date"), C("post_cost", "numeric"), C("realized_monthly_savings", "numeric"),
            C("currency", "text"), C("validated", "boolean"), C("method", "text"), C("computed_at", "timestamptz"),
        ]);

    public static readonly CuratedView UsageMetrics = new("usage_metrics",
        "Utilization per resource, metric (cpu, memory, network_in, network_out) and period.",
        [
            C("resource_id", "text"), C("provider_name", "text"), C("region_id", "text"), C("instance_type", "text"), C("metric", "text"),
            C("period_start", "timestamptz"), C("day", "date"), C("period_seconds", "integer"),
            C("average", "double precision"), C("maximum", "double precision"), C("p95", "double precision"), C("unit", "text"),
        ]);

    public static IReadOnlyList<CuratedView> Views { get; } = [Costs, LineItems, Accounts, Anomalies, Forecasts, Recommendations, Savings, UsageMetrics];

    public static bool IsView(string name) => Views.Any(v => v.Name.Equals(name, StringComparison.OrdinalIgnoreCase));
}
