using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;

namespace FinOps.Core.Jobs;

/// <summary>The Hangfire storage every process shares: schema <c>hangfire</c> in the <c>finops</c> database.</summary>
public static class JobStorageFactory
{
    public const string Schema = "hangfire";

    /// <summary>Serializer settings every process must share to read each other's jobs.</summary>
    public static IGlobalConfiguration UseFinOpsSerialization(this IGlobalConfiguration configuration) => configuration
        .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
        .UseSimpleAssemblyNameTypeSerializer()
        .UseRecommendedSerializerSettings();

    /// <param name="prepareSchema">Only the Workers prepare the schema; readers must not race them for it.</param>
    public static PostgreSqlStorage Create(string connectionString, bool prepareSchema)
    {
        var options = new PostgreSqlStorageOptions
        {
            SchemaName = Schema,
            PrepareSchemaIfNecessary = prepareSchema,
            QueuePollInterval = TimeSpan.FromSeconds(2),
            InvisibilityTimeout = TimeSpan.FromHours(2),
            DistributedLockTimeout = TimeSpan.FromMinutes(1),
        };
        return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
    }
}
