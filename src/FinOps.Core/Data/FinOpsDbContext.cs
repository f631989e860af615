using FinOps.Core.Accounts;
using FinOps.Core.Anomalies;
using FinOps.Core.Auditing;
using FinOps.Core.Billing;
using FinOps.Core.Catalog;
using FinOps.Core.Forecasting;
using FinOps.Core.Insights;
using FinOps.Core.Recommendations;
using FinOps.Core.Remediation;
using FinOps.Core.Savings;
using FinOps.Core.Security;
using FinOps.Core.Usage;
using Microsoft.EntityFrameworkCore;

namespace FinOps.Core.Data;

/// <summary>The platform's database: schema <c>finops</c>, snake_case names, numeric money, jsonb tags.</summary>
/// <remarks>
/// Add a migration with
/// <c>dotnet ef migrations add &lt;Name&gt; --project src/FinOps.Core --startup-project src/FinOps.Core --output-dir Data/Migrations</c>
/// (the design-time factory needs no running database). <c>billing_line_items</c> is partitioned,
/// which EF cannot express: its DDL lives in hand-written SQL inside the migrations.
/// </remarks>
public sealed class FinOpsDbContext(DbContextOptions<FinOpsDbContext> options) : DbContext(options)
{
    public const string Schema = "finops";
    public const string MigrationsHistoryTable = "__ef_migrations_history";

    public DbSet<Account> Accounts => Set<Account>();
    public DbSet<BillingLineItem> BillingLineItems => Set<BillingLineItem>();
    public DbSet<DailyCost> DailyCosts => Set<DailyCost>();
    public DbSet<Billing.Ingestion> Ingestions => Set<Billing.Ingestion>();
    public DbSet<UsageMetric> UsageMetrics => Set<UsageMetric>();
    public DbSet<InstanceType> InstanceCatalog => Set<InstanceType>();
    public DbSet<Anomaly> Anomalies => Set<Anomaly>();
    public DbSet<AlertSubscription> AlertSubscriptions => Set<AlertSubscription>();
    public DbSet<ForecastRun> ForecastRuns => Set<ForecastRun>();
    public DbSet<Forecast> Forecasts => Set<Forecast>();
    public DbSet<Recommendation> Recommendations => Set<Recommendation>();
    public DbSet<Saving> Savings => Set<Saving>();
    public DbSet<Insight> Insights => Set<Insight>();
    public DbSet<Playbook> Playbooks => Set<Playbook>();
    public DbSet<RemediationAction> RemediationActions => Set<RemediationAction>();
    public DbSet<AuditEntry> AuditLog => Set<AuditEntry>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.HasDefaultSchema(Schema);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(FinOpsDbContext).Assembly);
    }
}
