using Microsoft.EntityFrameworkCore.Design;

namespace FinOps.Core.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without a host or a database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<FinOpsDbContext>
{
    public FinOpsDbContext CreateDbContext(string[] args) =>
        new(FinOpsDbContextOptions.Create(
            Environment.GetEnvironmentVariable("ConnectionStrings__finops") ?? "Host=localhost;Database=finops"));
}
