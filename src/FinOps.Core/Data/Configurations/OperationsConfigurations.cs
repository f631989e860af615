using FinOps.Core.Auditing;
using FinOps.Core.Remediation;
using FinOps.Core.Security;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOps.Core.Data.Configurations;

internal sealed class PlaybookConfiguration : IEntityTypeConfiguration<Playbook>
{
    public void Configure(EntityTypeBuilder<Playbook> b)
    {
        b.ToTable("playbooks");
        b.Property(x => x.TriggerFilter).HasColumnType("jsonb");
        b.Property(x => x.Parameters).HasColumnType("jsonb");
        b.HasIndex(x => x.Name).IsUnique();
    }
}

internal sealed class RemediationActionConfiguration : IEntityTypeConfiguration<RemediationAction>
{
    public void Configure(EntityTypeBuilder<RemediationAction> b)
    {
        b.ToTable("remediation_actions");
        b.Property(x => x.Parameters).HasColumnType("jsonb");
        b.Property(x => x.Result).HasColumnType("jsonb");
        b.HasOne<Playbook>().WithMany().HasForeignKey(x => x.PlaybookId).OnDelete(DeleteBehavior.SetNull);
        b.HasIndex(x => new { x.Status, x.ApprovalState });
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> b)
    {
        b.ToTable("audit_log");
        b.Property(x => x.Details).HasColumnType("jsonb");
        b.HasIndex(x => x.At);
        b.HasIndex(x => new { x.EntityType, x.EntityId });
    }
}

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> b)
    {
        b.ToTable("api_keys");
        b.HasIndex(x => x.KeyHash).IsUnique();
        b.Property(x => x.Role).HasMaxLength(16);
    }
}
