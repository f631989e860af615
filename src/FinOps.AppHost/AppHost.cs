using FinOps.AppHost.Extensions;
using FinOps.AppHost.Publishing;

var builder = DistributedApplication.CreateBuilder(args);
var useContainers = ContainerSupport.IsAvailable(builder);
Console.WriteLine(builder.ExecutionContext.IsPublishMode
    ? "Publishing: the model describes every service and its infrastructure as containers."
    : useContainers
        ? "Container runtime found: infrastructure runs as containers; secrets come from a Vault dev server."
        : "No container runtime: PostgreSQL and Prometheus run as local processes from Debian's packages; services get local development secrets.");

// Infrastructure
var database = builder.AddFinOpsDatabase(useContainers);
var postgresSslMode = builder.AddPostgresSslMode(database);
var adminKey = builder.AddParameter("bootstrap-admin-key",
    new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
var secrets = ServiceSecrets.Create(builder, useContainers, database, adminKey);

// Services: the Workers' migrate verb is the schema's one owner; everything else waits for it.
var migrations = secrets.ApplyTo(builder.AddProject<Projects.FinOps_Workers>(ResourceNames.Migrations).WithArgs("migrate"));

var api = secrets.ApplyTo(builder.AddProject<Projects.FinOps_Api>(ResourceNames.Api))
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithUrlForEndpoint("http", u => u.DisplayText = "API")
    .WithUrl("/scalar", "API reference");

var workers = secrets.ApplyTo(builder.AddProject<Projects.FinOps_Workers>(ResourceNames.Workers))
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
    .WithUrl("/hangfire", "Hangfire dashboard");
api.WithJobCommands(adminKey);

// Apps
var frontend = builder.AddProject<Projects.FinOps_Frontend>(ResourceNames.Frontend)
    .WithReference(api).WaitFor(api)
    .WithHttpHealthCheck("/health")
    .WithExternalHttpEndpoints()
    .WithUrlForEndpoint("http", u => u.DisplayText = "FinOps UI");

builder.AddDemoData(secrets, migrations);
builder.AddViteDevServer(api);

// Observability: Prometheus with the alert rules and a PostgreSQL exporter; Grafana and Loki where containers run.
builder.AddMonitoring(useContainers, database, postgresSslMode, api, workers, frontend);

// Deployment: publishing writes Docker Compose and a Helm chart from this model (deploy/generate.sh).
builder.AddDeploymentPublishing();

builder.Build().Run();
