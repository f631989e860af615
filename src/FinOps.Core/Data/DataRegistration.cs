using FinOps.Core.Auditing;
using FinOps.Core.Billing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Npgsql;

namespace FinOps.Core.Data;

public static class DataRegistration
{
    /// <summary>
    /// Registers the database for a service: one <see cref="NpgsqlDataSource"/> (for COPY and raw SQL)
    /// and a pooled <see cref="FinOpsDbContext"/> on it, enriched by Aspire with health checks,
    /// retries and telemetry. Needs only <c>ConnectionStrings:finops</c>.
    /// </summary>
    public static IHostApplicationBuilder AddFinOpsData(this IHostApplicationBuilder builder)
    {
        var connectionString = WithTls(builder.Configuration, builder.Configuration.GetConnectionString(ConnectionName)
            ?? throw new InvalidOperationException(
                $"The connection string '{ConnectionName}' is not set: set ConnectionStrings__{ConnectionName} in the environment."));

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton(new FinOpsConnectionString(connectionString));
        builder.Services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString).Build());
        builder.Services.AddDbContextPool<FinOpsDbContext>((sp, options) =>
        {
            options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql =>
            {
                FinOpsDbContextOptions.ConfigureNpgsql(npgsql);
                // Short retries only: when the database is down a request should fail fast (503) and
                // let the caller retry, not hold a connection slot for half a minute.
                npgsql.EnableRetryOnFailure(maxRetryCount: 2, maxRetryDelay: TimeSpan.FromSeconds(1), errorCodesToAdd: null);
            });
            FinOpsDbContextOptions.Configure(options);
        });
        builder.EnrichNpgsqlDbContext<FinOpsDbContext>(settings => settings.DisableRetry = true);
        builder.Services.AddScoped<DatabaseMigrator>();
        builder.Services.AddScoped<AuditTrail>();
        builder.Services.AddScoped<Security.ApiKeyValidator>();
        builder.Services.AddScoped<PartitionMaintenance>();
        builder.Services.AddSingleton<Costs.CostQueries>();
        return builder;
    }

    public const string ConnectionName = "finops";

    /// <summary>
    /// Applies <c>Database:SslMode</c> (Disable, Prefer, Require, VerifyCA, VerifyFull) and
    /// <c>Database:RootCertificate</c> (a CA file for the Verify modes) on top of the connection string,
    /// so TLS to PostgreSQL is a deployment setting rather than an edit of a secret.
    /// </summary>
    internal static string WithTls(IConfiguration configuration, string connectionString)
    {
        var mode = configuration["Database:SslMode"];
        var rootCertificate = configuration["Database:RootCertificate"];
        if (string.IsNullOrWhiteSpace(mode) && string.IsNullOrWhiteSpace(rootCertificate))
        {
            return connectionString;
        }
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!string.IsNullOrWhiteSpace(mode))
        {
            builder.SslMode = Enum.TryParse<SslMode>(mode.Replace("-", "").Replace("_", ""), ignoreCase: true, out var parsed)
                ? parsed
                : throw new InvalidOperationException($"Database:SslMode '{mode}' is not one of Disable, Prefer, Require, VerifyCA, VerifyFull.");
        }
        if (!string.IsNullOrWhiteSpace(rootCertificate))
        {
            builder.RootCertificate = rootCertificate;
        }
        return builder.ConnectionString;
    }
}

/// <summary>The configured connection string, password included; for the few places that must open other databases.</summary>
public sealed record FinOpsConnectionString(string Value)
{
    public override string ToString() => "FinOpsConnectionString { Value = *** }";
}
