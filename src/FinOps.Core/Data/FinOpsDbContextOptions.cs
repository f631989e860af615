using Microsoft.EntityFrameworkCore;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;

namespace FinOps.Core.Data;

/// <summary>The one place the context's provider options are set, so services, tools and tests agree.</summary>
public static class FinOpsDbContextOptions
{
    public static void ConfigureNpgsql(NpgsqlDbContextOptionsBuilder npgsql) =>
        npgsql.MigrationsHistoryTable(FinOpsDbContext.MigrationsHistoryTable, FinOpsDbContext.Schema);

    public static DbContextOptionsBuilder Configure(DbContextOptionsBuilder builder) =>
        builder.UseSnakeCaseNamingConvention();

    public static DbContextOptions<FinOpsDbContext> Create(string connectionString)
    {
        var builder = new DbContextOptionsBuilder<FinOpsDbContext>();
        builder.UseNpgsql(connectionString, ConfigureNpgsql);
        Configure(builder);
        return builder.Options;
    }
}
