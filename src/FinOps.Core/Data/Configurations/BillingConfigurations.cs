using FinOps.Core.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOps.Core.Data.Configurations;

internal sealed class BillingLineItemConfiguration : IEntityTypeConfiguration<BillingLineItem>
{
    public void Configure(EntityTypeBuilder<BillingLineItem> b)
    {
        // Partitioned by month: the DDL is hand-written in the migrations (see BillingPartitions).
        b.ToTable(BillingPartitions.ParentTable, t => t.ExcludeFromMigrations());
        b.HasKey(x => new { x.ChargePeriodStart, x.Id });
        b.Property(x => x.Tags).HasColumnType("jsonb");
    }
}

internal sealed class DailyCostConfiguration : IEntityTypeConfiguration<DailyCost>
{
    public void Configure(EntityTypeBuilder<DailyCost> b)
    {
        b.ToTable("daily_costs");
        b.HasIndex(x => x.Day);
        b.HasIndex(x => x.IngestionId);
        b.HasIndex(x => new { x.SubAccountId, x.ServiceName, x.Day });
        b.HasIndex(x => new { x.ProviderName, x.BillingAccountId, x.BillingPeriodStart });
    }
}

internal sealed class IngestionConfiguration : IEntityTypeConfiguration<Billing.Ingestion>
{
    public void Configure(EntityTypeBuilder<Billing.Ingestion> b)
    {
        b.ToTable("ingestions");
        b.Property(x => x.BillingPeriods).HasColumnType("jsonb");
        b.Property(x => x.Errors).HasColumnType("jsonb");
        b.HasIndex(x => x.CreatedAt);
        b.HasIndex(x => x.FileHash);
    }
}
