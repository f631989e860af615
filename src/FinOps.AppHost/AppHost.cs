using FinOps.AppHost.Extensions;

var builder = DistributedApplication.CreateBuilder(args);
var useContainers = ContainerSupport.IsAvailable(builder);
Console.WriteLine(useContainers
    ? "Container runtime found: infrastructure runs as containers; secrets come from a Vault dev server."
    : "No container runtime: PostgreSQL and Prometheus run as local processes from Debian's packages; services get local development secrets.");

// Infrastructure
var database = builder.AddFinOpsDatabase(useContainers);
var adminKey = builder.AddParameter("bootstrap-admin-key",
    new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);
var secrets = ServiceSecrets.Create(builder, useContainers, database, adminKey);

// Services: the Workers' migrate verb is the schema's one owner; everything else waits for it.
var migrations = secrets.ApplyTo(builder.AddProject<Projects.FinOps_Workers>(ResourceNames.Migrations).WithArgs("migrate"));

var api = secrets.ApplyTo(builder.AddProject<Projects.FinOps_Api>(ResourceNames.Api))
    .WaitForCompletion(migrations)
    .WithHttpHealthCheck("/health")
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
    .WithUrlForEndpoint("http", u => u.DisplayText = "FinOps UI");

builder.AddDemoData(secrets, migrations);
builder.AddViteDevServer(api);
if (!useContainers)
{
    builder.AddLocalPrometheus(api, workers, frontend);
}

builder.Build().Run();
