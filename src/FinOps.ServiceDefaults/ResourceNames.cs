namespace FinOps.ServiceDefaults;

/// <summary>
/// Names of the resources of the application model. The AppHost, the services and the tests all
/// use these, so a rename happens in one place.
/// </summary>
public static class ResourceNames
{
    public const string Postgres = "postgres";
    public const string Database = "finops";
    public const string Api = "api";
    public const string Workers = "workers";
    public const string Frontend = "frontend";
    public const string FrontendDev = "frontend-dev";
    public const string Prometheus = "prometheus";
    public const string Migrations = "migrations";
    public const string PostgresExporter = "postgres-exporter";
    public const string Grafana = "grafana";
    public const string Loki = "loki";
    public const string OtelCollector = "otel-collector";
}
