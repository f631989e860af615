using FinOps.Core.Anomalies;
using FinOps.Core.Catalog;
using FinOps.Core.Forecasting;
using FinOps.Core.Insights;
using FinOps.Core.Recommendations;
using FinOps.Core.Savings;
using FinOps.Core.Usage;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOps.Core.Data.Configurations;

internal sealed class UsageMetricConfiguration : IEntityTypeConfiguration<UsageMetric>
{
    public void Configure(EntityTypeBuilder<UsageMetric> b)
    {
        b.ToTable("usage_metrics");
        b.HasIndex(x => new { x.ResourceId, x.Metric, x.PeriodStart }).IsUnique();
        b.HasIndex(x => x.PeriodStart);
    }
}

internal sealed class InstanceTypeConfiguration : IEntityTypeConfiguration<InstanceType>
{
    public void Configure(EntityTypeBuilder<InstanceType> b)
    {
        b.ToTable("instance_catalog");
        b.Property(x => x.Name).HasColumnName("instance_type");
        b.HasIndex(x => new { x.Provider, x.Name, x.Region, x.OperatingSystem }).IsUnique();
    }
}

internal sealed class AnomalyConfiguration : IEntityTypeConfiguration<Anomaly>
{
    public void Configure(EntityTypeBuilder<Anomaly> b)
    {
        b.ToTable("anomalies");
        b.Property(x => x.RootCauses).HasColumnType("jsonb");
        b.HasIndex(x => new { x.Day, x.ScopeDimension, x.ScopeLabel, x.ChargeCategory }).IsUnique();
        b.HasIndex(x => x.Status);
    }
}

internal sealed class AlertSubscriptionConfiguration : IEntityTypeConfiguration<AlertSubscription>
{
    public void Configure(EntityTypeBuilder<AlertSubscription> b)
    {
        b.ToTable("alert_subscriptions");
        b.Property(x => x.ScopeFilter).HasColumnType("jsonb");
    }
}

internal sealed class ForecastRunConfiguration : IEntityTypeConfiguration<ForecastRun>
{
    public void Configure(EntityTypeBuilder<ForecastRun> b)
    {
        b.ToTable("forecast_runs");
        b.Property(x => x.BacktestErrors).HasColumnType("jsonb");
        b.Property(x => x.Periods).HasColumnType("jsonb");
        b.Property(x => x.Status).HasMaxLength(32);
        b.HasIndex(x => new { x.SubAccountId, x.ServiceName, x.GeneratedAt });
        b.HasIndex(x => new { x.Currency, x.AsOf });
    }
}

internal sealed class ForecastConfiguration : IEntityTypeConfiguration<Forecast>
{
    public void Configure(EntityTypeBuilder<Forecast> b)
    {
        b.ToTable("forecasts");
        b.Property(x => x.Lower80).HasColumnName("lower_80");
        b.Property(x => x.Upper80).HasColumnName("upper_80");
        b.Property(x => x.Lower95).HasColumnName("lower_95");
        b.Property(x => x.Upper95).HasColumnName("upper_95");
        b.HasOne<ForecastRun>().WithMany().HasForeignKey(x => x.RunId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => new { x.SubAccountId, x.ServiceName, x.Day });
    }
}

internal sealed class RecommendationConfiguration : IEntityTypeConfiguration<Recommendation>
{
    public void Configure(EntityTypeBuilder<Recommendation> b)
    {
        b.ToTable("recommendations");
        b.Property(x => x.CurrentConfig).HasColumnType("jsonb");
        b.Property(x => x.ProposedConfig).HasColumnType("jsonb");
        b.Property(x => x.Evidence).HasColumnType("jsonb");
        b.HasIndex(x => new { x.ResourceId, x.Type });
        b.HasIndex(x => x.Status);
    }
}

internal sealed class SavingConfiguration : IEntityTypeConfiguration<Saving>
{
    public void Configure(EntityTypeBuilder<Saving> b)
    {
        b.ToTable("savings");
        b.Property(x => x.Details).HasColumnType("jsonb");
        b.HasOne<Recommendation>().WithMany().HasForeignKey(x => x.RecommendationId).OnDelete(DeleteBehavior.Cascade);
        b.HasIndex(x => x.RecommendationId);
    }
}

internal sealed class InsightConfiguration : IEntityTypeConfiguration<Insight>
{
    public void Configure(EntityTypeBuilder<Insight> b)
    {
        b.ToTable("insights");
        b.Property(x => x.Links).HasColumnType("jsonb");
        b.HasIndex(x => x.DedupKey).IsUnique();
    }
}
