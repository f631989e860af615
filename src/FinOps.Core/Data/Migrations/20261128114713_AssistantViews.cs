using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace FinOps.Core.Data.Migrations
{
    /// <summary>
    /// The assistant's curated read-only views (schema <c>assistant</c>) and the role
    /// <c>finops_assistant_reader</c> that may read them and nothing else.
    /// </summary>
    /// <remarks>
    /// The views run with their owner's rights, so the reader needs no grant on the <c>finops</c> tables.
    /// Creating a role needs CREATEROLE: when the migrating user lacks it the role is skipped with a notice
    /// (a DBA can create it later, see the README), and the assistant falls back to a READ ONLY transaction,
    /// a statement timeout and its SQL guard without <c>SET ROLE</c>. A migration that drops or retypes a
    /// column these views read must recreate the views (PostgreSQL refuses to drop a column a view uses).
    /// </remarks>
    public partial class AssistantViews : Migration
    {
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                create schema if not exists assistant;

                create view assistant.costs as
                select day, billing_period_start, provider_name, billing_account_id, sub_account_id, sub_account_name,
                       service_name, service_category, region_id, charge_category, billing_currency as currency,
                       billed_cost, effective_cost, list_cost, line_count
                from finops.daily_costs;

                create view assistant.line_items as
                select (charge_period_start at time zone 'UTC')::date as day, charge_period_start, charge_period_end,
                       provider_name, billing_account_id, sub_account_id, sub_account_name,
                       service_name, service_category, region_id, region_name, availability_zone,
                       resource_id, resource_name, resource_type, charge_category, charge_class, charge_frequency, charge_description,
                       sku_id, pricing_category, pricing_unit, pricing_quantity, consumed_unit, consumed_quantity,
                       commitment_discount_type, commitment_discount_name,
                       billing_currency as currency, billed_cost, effective_cost, list_cost, contracted_cost,
                       x_instance_type as instance_type, x_usage_type as usage_type, tags
                from finops.billing_line_items;

                create view assistant.accounts as
                select provider as provider_name, billing_account_id, sub_account_id, name, owner, team, monthly_budget, currency
                from finops.accounts;

                create view assistant.anomalies as
                select id, day, scope_dimension, scope_label, provider_name, sub_account_id, service_name, region_id, tag_key, tag_value,
                       charge_category, currency, actual, expected, lower_bound, upper_bound, score, impact_amount, impact_percent,
                       severity, status, feedback, detected_at
                from finops.anomalies;

                create view assistant.forecasts as
                select f.run_id, f.day, f.sub_account_id, f.service_name, f.predicted, f.lower_80, f.upper_80, f.lower_95, f.upper_95,
                       f.model, f.generated_at, r.currency
                from finops.forecasts f
                join finops.forecast_runs r on r.id = f.run_id;

                create view assistant.recommendations as
                select id, type, resource_id, provider_name, sub_account_id, region_id, current_type, proposed_type,
                       estimated_monthly_savings, currency, status, created_at, updated_at
                from finops.recommendations;

                create view assistant.savings as
                select s.id, s.recommendation_id, r.type, r.resource_id, r.provider_name, r.sub_account_id, r.region_id,
                       s.baseline_start, s.baseline_end, s.baseline_cost, s.post_start, s.post_end, s.post_cost,
                       s.realized_monthly_savings, s.currency, s.validated, s.method, s.computed_at
                from finops.savings s
                join finops.recommendations r on r.id = s.recommendation_id;

                create view assistant.usage_metrics as
                select resource_id, provider_name, region_id, instance_type, metric, period_start,
                       (period_start at time zone 'UTC')::date as day, period_seconds, average, maximum, p95, unit
                from finops.usage_metrics;

                do $$
                begin
                    if not exists (select 1 from pg_roles where rolname = 'finops_assistant_reader') then
                        create role finops_assistant_reader nologin;
                    end if;
                exception when insufficient_privilege then
                    raise notice 'finops_assistant_reader not created (the migrating user lacks CREATEROLE): the assistant runs without SET ROLE';
                end
                $$;

                do $$
                begin
                    if exists (select 1 from pg_roles where rolname = 'finops_assistant_reader') then
                        grant usage on schema assistant to finops_assistant_reader;
                        grant select on all tables in schema assistant to finops_assistant_reader;
                        begin
                            -- SET ROLE needs membership; a superuser has it implicitly, a CREATEROLE owner must grant it.
                            execute format('grant finops_assistant_reader to %I', current_user);
                        exception when insufficient_privilege or invalid_grant_operation then
                            raise notice 'cannot grant finops_assistant_reader to %: the assistant runs without SET ROLE', current_user;
                        end;
                    end if;
                end
                $$;
                """);
        }

        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                drop schema if exists assistant cascade;
                do $$
                begin
                    drop role if exists finops_assistant_reader;
                exception when insufficient_privilege or dependent_objects_still_exist then
                    raise notice 'finops_assistant_reader kept: it is still used elsewhere or may not be dropped by %', current_user;
                end
                $$;
                """);
        }
    }
}
