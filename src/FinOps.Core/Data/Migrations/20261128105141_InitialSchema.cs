using System;
using FinOps.Core.Billing;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace FinOps.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class InitialSchema : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "finops");

            // billing_line_items is partitioned by month, which EF cannot model.
            migrationBuilder.Sql(BillingPartitions.CreateSql);

            migrationBuilder.CreateTable(
                name: "accounts",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    billing_account_id = table.Column<string>(type: "text", nullable: true),
                    sub_account_id = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    name = table.Column<string>(type: "character varying(256)", maxLength: 256, nullable: false),
                    owner = table.Column<string>(type: "text", nullable: true),
                    team = table.Column<string>(type: "text", nullable: true),
                    monthly_budget = table.Column<decimal>(type: "numeric", nullable: true),
                    currency = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    credentials_vault_path = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_accounts", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "alert_subscriptions",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    min_impact_amount = table.Column<decimal>(type: "numeric", nullable: true),
                    min_impact_percent = table.Column<double>(type: "double precision", nullable: true),
                    frequency = table.Column<string>(type: "text", nullable: false),
                    channel = table.Column<string>(type: "text", nullable: false),
                    webhook_secret_ref = table.Column<string>(type: "text", nullable: false),
                    scope_filter = table.Column<string>(type: "jsonb", nullable: true),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    last_notified_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_alert_subscriptions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "anomalies",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    scope_dimension = table.Column<string>(type: "text", nullable: false),
                    scope_label = table.Column<string>(type: "text", nullable: false),
                    provider_name = table.Column<string>(type: "text", nullable: true),
                    sub_account_id = table.Column<string>(type: "text", nullable: true),
                    service_name = table.Column<string>(type: "text", nullable: true),
                    region_id = table.Column<string>(type: "text", nullable: true),
                    tag_key = table.Column<string>(type: "text", nullable: true),
                    tag_value = table.Column<string>(type: "text", nullable: true),
                    charge_category = table.Column<string>(type: "text", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    actual = table.Column<decimal>(type: "numeric", nullable: false),
                    expected = table.Column<decimal>(type: "numeric", nullable: false),
                    lower_bound = table.Column<decimal>(type: "numeric", nullable: false),
                    upper_bound = table.Column<decimal>(type: "numeric", nullable: false),
                    score = table.Column<double>(type: "double precision", nullable: false),
                    impact_amount = table.Column<decimal>(type: "numeric", nullable: false),
                    impact_percent = table.Column<double>(type: "double precision", nullable: false),
                    severity = table.Column<string>(type: "text", nullable: false),
                    root_causes = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    feedback = table.Column<string>(type: "text", nullable: true),
                    feedback_note = table.Column<string>(type: "text", nullable: true),
                    parent_anomaly_id = table.Column<Guid>(type: "uuid", nullable: true),
                    detected_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_anomalies", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "api_keys",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    prefix = table.Column<string>(type: "text", nullable: false),
                    key_hash = table.Column<string>(type: "text", nullable: false),
                    role = table.Column<string>(type: "character varying(16)", maxLength: 16, nullable: false),
                    created_by = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    revoked_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_api_keys", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "audit_log",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    actor = table.Column<string>(type: "text", nullable: false),
                    action = table.Column<string>(type: "text", nullable: false),
                    entity_type = table.Column<string>(type: "text", nullable: false),
                    entity_id = table.Column<string>(type: "text", nullable: true),
                    details = table.Column<string>(type: "jsonb", nullable: false),
                    trace_id = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_audit_log", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "daily_costs",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    billing_period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    ingestion_id = table.Column<Guid>(type: "uuid", nullable: false),
                    provider_name = table.Column<string>(type: "text", nullable: true),
                    billing_account_id = table.Column<string>(type: "text", nullable: true),
                    sub_account_id = table.Column<string>(type: "text", nullable: true),
                    sub_account_name = table.Column<string>(type: "text", nullable: true),
                    service_name = table.Column<string>(type: "text", nullable: true),
                    service_category = table.Column<string>(type: "text", nullable: true),
                    region_id = table.Column<string>(type: "text", nullable: true),
                    charge_category = table.Column<string>(type: "text", nullable: false),
                    billing_currency = table.Column<string>(type: "text", nullable: false),
                    billed_cost = table.Column<decimal>(type: "numeric", nullable: false),
                    effective_cost = table.Column<decimal>(type: "numeric", nullable: false),
                    list_cost = table.Column<decimal>(type: "numeric", nullable: false),
                    line_count = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_daily_costs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "forecast_runs",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    sub_account_id = table.Column<string>(type: "text", nullable: true),
                    service_name = table.Column<string>(type: "text", nullable: true),
                    model = table.Column<string>(type: "text", nullable: false),
                    backtest_errors = table.Column<string>(type: "jsonb", nullable: false),
                    history_days = table.Column<int>(type: "integer", nullable: false),
                    horizon_days = table.Column<int>(type: "integer", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    generated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_forecast_runs", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "ingestions",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    file_name = table.Column<string>(type: "text", nullable: false),
                    file_size = table.Column<long>(type: "bigint", nullable: false),
                    file_hash = table.Column<string>(type: "text", nullable: true),
                    format = table.Column<string>(type: "text", nullable: true),
                    format_version = table.Column<string>(type: "text", nullable: true),
                    provider_name = table.Column<string>(type: "text", nullable: true),
                    billing_account_id = table.Column<string>(type: "text", nullable: true),
                    billing_periods = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    rows_read = table.Column<long>(type: "bigint", nullable: false),
                    rows_loaded = table.Column<long>(type: "bigint", nullable: false),
                    rows_rejected = table.Column<long>(type: "bigint", nullable: false),
                    errors = table.Column<string>(type: "jsonb", nullable: false),
                    error_message = table.Column<string>(type: "text", nullable: true),
                    created_by = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ingestions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "insights",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "text", nullable: false),
                    title = table.Column<string>(type: "text", nullable: false),
                    body = table.Column<string>(type: "text", nullable: false),
                    severity = table.Column<string>(type: "text", nullable: false),
                    links = table.Column<string>(type: "jsonb", nullable: false),
                    dedup_key = table.Column<string>(type: "text", nullable: false),
                    period_start = table.Column<DateOnly>(type: "date", nullable: false),
                    period_end = table.Column<DateOnly>(type: "date", nullable: false),
                    generated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_insights", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "instance_catalog",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    provider = table.Column<string>(type: "text", nullable: false),
                    instance_type = table.Column<string>(type: "text", nullable: false),
                    family = table.Column<string>(type: "text", nullable: true),
                    generation = table.Column<string>(type: "text", nullable: true),
                    vcpu = table.Column<decimal>(type: "numeric", nullable: false),
                    memory_gib = table.Column<decimal>(type: "numeric", nullable: false),
                    gpu_count = table.Column<int>(type: "integer", nullable: false),
                    architecture = table.Column<string>(type: "text", nullable: true),
                    region = table.Column<string>(type: "text", nullable: false),
                    operating_system = table.Column<string>(type: "text", nullable: false),
                    on_demand_hourly = table.Column<decimal>(type: "numeric", nullable: true),
                    currency = table.Column<string>(type: "text", nullable: false),
                    source = table.Column<string>(type: "text", nullable: false),
                    effective_date = table.Column<DateOnly>(type: "date", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_instance_catalog", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "playbooks",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    trigger_type = table.Column<string>(type: "text", nullable: false),
                    trigger_filter = table.Column<string>(type: "jsonb", nullable: false),
                    action_type = table.Column<string>(type: "text", nullable: false),
                    parameters = table.Column<string>(type: "jsonb", nullable: false),
                    dry_run = table.Column<bool>(type: "boolean", nullable: false),
                    requires_approval = table.Column<bool>(type: "boolean", nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_playbooks", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "recommendations",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    type = table.Column<string>(type: "text", nullable: false),
                    resource_id = table.Column<string>(type: "text", nullable: false),
                    provider_name = table.Column<string>(type: "text", nullable: true),
                    sub_account_id = table.Column<string>(type: "text", nullable: true),
                    region_id = table.Column<string>(type: "text", nullable: true),
                    current_type = table.Column<string>(type: "text", nullable: true),
                    proposed_type = table.Column<string>(type: "text", nullable: true),
                    current_config = table.Column<string>(type: "jsonb", nullable: false),
                    proposed_config = table.Column<string>(type: "jsonb", nullable: false),
                    estimated_monthly_savings = table.Column<decimal>(type: "numeric", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    evidence = table.Column<string>(type: "jsonb", nullable: false),
                    status = table.Column<string>(type: "text", nullable: false),
                    status_reason = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    accepted_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    dismissed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_recommendations", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "usage_metrics",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    resource_id = table.Column<string>(type: "text", nullable: false),
                    provider_name = table.Column<string>(type: "text", nullable: true),
                    region_id = table.Column<string>(type: "text", nullable: true),
                    instance_type = table.Column<string>(type: "text", nullable: true),
                    metric = table.Column<string>(type: "text", nullable: false),
                    period_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    period_seconds = table.Column<int>(type: "integer", nullable: false),
                    average = table.Column<double>(type: "double precision", nullable: false),
                    maximum = table.Column<double>(type: "double precision", nullable: false),
                    p95 = table.Column<double>(type: "double precision", nullable: true),
                    unit = table.Column<string>(type: "text", nullable: true),
                    ingestion_id = table.Column<Guid>(type: "uuid", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_usage_metrics", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "forecasts",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    run_id = table.Column<Guid>(type: "uuid", nullable: false),
                    day = table.Column<DateOnly>(type: "date", nullable: false),
                    sub_account_id = table.Column<string>(type: "text", nullable: true),
                    service_name = table.Column<string>(type: "text", nullable: true),
                    predicted = table.Column<decimal>(type: "numeric", nullable: false),
                    lower_80 = table.Column<decimal>(type: "numeric", nullable: false),
                    upper_80 = table.Column<decimal>(type: "numeric", nullable: false),
                    lower_95 = table.Column<decimal>(type: "numeric", nullable: false),
                    upper_95 = table.Column<decimal>(type: "numeric", nullable: false),
                    model = table.Column<string>(type: "text", nullable: false),
                    generated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_forecasts", x => x.id);
                    table.ForeignKey(
                        name: "fk_forecasts_forecast_runs_run_id",
                        column: x => x.run_id,
                        principalSchema: "finops",
                        principalTable: "forecast_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "remediation_actions",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    playbook_id = table.Column<Guid>(type: "uuid", nullable: true),
                    recommendation_id = table.Column<Guid>(type: "uuid", nullable: true),
                    anomaly_id = table.Column<Guid>(type: "uuid", nullable: true),
                    resource_id = table.Column<string>(type: "text", nullable: true),
                    action_type = table.Column<string>(type: "text", nullable: false),
                    parameters = table.Column<string>(type: "jsonb", nullable: false),
                    dry_run = table.Column<bool>(type: "boolean", nullable: false),
                    approval_state = table.Column<string>(type: "text", nullable: false),
                    approved_by = table.Column<string>(type: "text", nullable: true),
                    status = table.Column<string>(type: "text", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    result = table.Column<string>(type: "jsonb", nullable: true),
                    error = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    executed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_remediation_actions", x => x.id);
                    table.ForeignKey(
                        name: "fk_remediation_actions_playbooks_playbook_id",
                        column: x => x.playbook_id,
                        principalSchema: "finops",
                        principalTable: "playbooks",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "savings",
                schema: "finops",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    recommendation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    baseline_start = table.Column<DateOnly>(type: "date", nullable: false),
                    baseline_end = table.Column<DateOnly>(type: "date", nullable: false),
                    baseline_cost = table.Column<decimal>(type: "numeric", nullable: false),
                    post_start = table.Column<DateOnly>(type: "date", nullable: false),
                    post_end = table.Column<DateOnly>(type: "date", nullable: false),
                    post_cost = table.Column<decimal>(type: "numeric", nullable: false),
                    realized_monthly_savings = table.Column<decimal>(type: "numeric", nullable: false),
                    currency = table.Column<string>(type: "text", nullable: false),
                    validated = table.Column<bool>(type: "boolean", nullable: false),
                    method = table.Column<string>(type: "text", nullable: false),
                    details = table.Column<string>(type: "jsonb", nullable: false),
                    computed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_savings", x => x.id);
                    table.ForeignKey(
                        name: "fk_savings_recommendations_recommendation_id",
                        column: x => x.recommendation_id,
                        principalSchema: "finops",
                        principalTable: "recommendations",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_accounts_provider_sub_account_id",
                schema: "finops",
                table: "accounts",
                columns: new[] { "provider", "sub_account_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_anomalies_day_scope_dimension_scope_label_charge_category",
                schema: "finops",
                table: "anomalies",
                columns: new[] { "day", "scope_dimension", "scope_label", "charge_category" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_anomalies_status",
                schema: "finops",
                table: "anomalies",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_api_keys_key_hash",
                schema: "finops",
                table: "api_keys",
                column: "key_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_at",
                schema: "finops",
                table: "audit_log",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_audit_log_entity_type_entity_id",
                schema: "finops",
                table: "audit_log",
                columns: new[] { "entity_type", "entity_id" });

            migrationBuilder.CreateIndex(
                name: "ix_daily_costs_day",
                schema: "finops",
                table: "daily_costs",
                column: "day");

            migrationBuilder.CreateIndex(
                name: "ix_daily_costs_ingestion_id",
                schema: "finops",
                table: "daily_costs",
                column: "ingestion_id");

            migrationBuilder.CreateIndex(
                name: "ix_daily_costs_provider_name_billing_account_id_billing_period",
                schema: "finops",
                table: "daily_costs",
                columns: new[] { "provider_name", "billing_account_id", "billing_period_start" });

            migrationBuilder.CreateIndex(
                name: "ix_daily_costs_sub_account_id_service_name_day",
                schema: "finops",
                table: "daily_costs",
                columns: new[] { "sub_account_id", "service_name", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_forecast_runs_sub_account_id_service_name_generated_at",
                schema: "finops",
                table: "forecast_runs",
                columns: new[] { "sub_account_id", "service_name", "generated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_forecasts_run_id",
                schema: "finops",
                table: "forecasts",
                column: "run_id");

            migrationBuilder.CreateIndex(
                name: "ix_forecasts_sub_account_id_service_name_day",
                schema: "finops",
                table: "forecasts",
                columns: new[] { "sub_account_id", "service_name", "day" });

            migrationBuilder.CreateIndex(
                name: "ix_ingestions_created_at",
                schema: "finops",
                table: "ingestions",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_ingestions_file_hash",
                schema: "finops",
                table: "ingestions",
                column: "file_hash");

            migrationBuilder.CreateIndex(
                name: "ix_insights_dedup_key",
                schema: "finops",
                table: "insights",
                column: "dedup_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_instance_catalog_provider_instance_type_region_operating_sy",
                schema: "finops",
                table: "instance_catalog",
                columns: new[] { "provider", "instance_type", "region", "operating_system" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_playbooks_name",
                schema: "finops",
                table: "playbooks",
                column: "name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_recommendations_resource_id_type",
                schema: "finops",
                table: "recommendations",
                columns: new[] { "resource_id", "type" });

            migrationBuilder.CreateIndex(
                name: "ix_recommendations_status",
                schema: "finops",
                table: "recommendations",
                column: "status");

            migrationBuilder.CreateIndex(
                name: "ix_remediation_actions_playbook_id",
                schema: "finops",
                table: "remediation_actions",
                column: "playbook_id");

            migrationBuilder.CreateIndex(
                name: "ix_remediation_actions_status_approval_state",
                schema: "finops",
                table: "remediation_actions",
                columns: new[] { "status", "approval_state" });

            migrationBuilder.CreateIndex(
                name: "ix_savings_recommendation_id",
                schema: "finops",
                table: "savings",
                column: "recommendation_id");

            migrationBuilder.CreateIndex(
                name: "ix_usage_metrics_period_start",
                schema: "finops",
                table: "usage_metrics",
                column: "period_start");

            migrationBuilder.CreateIndex(
                name: "ix_usage_metrics_resource_id_metric_period_start",
                schema: "finops",
                table: "usage_metrics",
                columns: new[] { "resource_id", "metric", "period_start" },
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(BillingPartitions.DropSql);

            migrationBuilder.DropTable(
                name: "accounts",
                schema: "finops");

            migrationBuilder.DropTable(
                name: "alert_subscriptions",
                schema: "finops");

            migrationBuilder.DropTable(
                name: "anomalies",
                schema: "finops");

            migrationBuilder.DropTable(
                name: "api_keys",
                schema: "finops");

            migrationBuilder.DropTable(
                name: "audit_log",
                schema: "finops");

            migrationBuilder.DropTable(
                name: "daily_costs",
                schema: "finops");

            migrationBuilder.DropTable(
                name: "forecasts",
                schema: "finops");

            migrationBuilder.DropTable(
                name: "ingestions",
                schema: "finops");

            migrationBuilder.DropTable(
                name: "insights",
                schema: "finops");

            migrationBuilder.DropTable(
                name: "instance_catalog",
                schema: "finops");

            migrationBuilder.DropTable(
                name: "remediation_actions",
                schema: "finops");

            migrationBuilder.DropTable(
                name: "savings",
                schema: "finops");

            migrationBuilder.DropTable(
                name: "usage_metrics",
                schema: "finops");

            migrationBuilder.DropTable(
                name: "forecast_runs",
                schema: "finops");

            migrationBuilder.DropTable(
                name: "playbooks",
                schema: "finops");

            migrationBuilder.DropTable(
                name: "recommendations",
                schema: "finops");
        }
    }
}
