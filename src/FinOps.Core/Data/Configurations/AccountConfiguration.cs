using FinOps.Core.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FinOps.Core.Data.Configurations;

internal sealed class AccountConfiguration : IEntityTypeConfiguration<Account>
{
    public void Configure(EntityTypeBuilder<Account> b)
    {
        b.ToTable("accounts");
        b.Property(x => x.Provider).HasMaxLength(64);
        b.Property(x => x.SubAccountId).HasMaxLength(256);
        b.Property(x => x.Name).HasMaxLength(256);
        b.Property(x => x.Currency).HasMaxLength(3);
        b.HasIndex(x => new { x.Provider, x.SubAccountId }).IsUnique();
    }
}
