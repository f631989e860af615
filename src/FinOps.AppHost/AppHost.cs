using FinOps.AppHost.Extensions;

var builder = DistributedApplication.CreateBuilder(args);
var useContainers = ContainerSupport.IsAvailable(builder);
Console.WriteLine(useContainers
    ? "Container runtime found: infrastructure runs as containers."
    : "No container runtime: PostgreSQL and Prometheus run as local processes from Debian's packages.");

// Infrastructure
var database = builder.AddFinOpsDatabase(useContainers);
var adminKey = builder.AddParameter("bootstrap-admin-key",
    new GenerateParameterDefault { MinLength = 32, Special = false }, secret: true, persist: true);

// Services: the Workers' migrate verb is the schema's one owner; everything else waits for it.
var migrations = builder.AddProject<Projects.FinOps_Workers>(ResourceNames.Migrations)
    .WithArgs("migrate")
    .WithReference(database, ResourceNames.Database).WaitFor(database);

var api = builder.AddProject<Projects.FinOps_Api>(ResourceNames.Api)
    .WithReference(database, ResourceNames.Database).WaitFor(database).WaitForCompletion(migrations)
    .WithEnvironment("Auth__BootstrapAdminKey", adminKey)
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", u => u.DisplayText = "API")
    .WithUrl("/scalar", "API reference");

var workers = builder.AddProject<Projects.FinOps_Workers>(ResourceNames.Workers)
    .WithReference(database, ResourceNames.Database).WaitFor(database).WaitForCompletion(migrations)
    .WithEnvironment("Auth__BootstrapAdminKey", adminKey)
    .WithHttpHealthCheck("/health")
    .WithUrl("/hangfire", "Hangfire dashboard");

// Apps
var frontend = builder.AddProject<Projects.FinOps_Frontend>(ResourceNames.Frontend)
    .WithReference(api).WaitFor(api)
    .WithHttpHealthCheck("/health")
    .WithUrlForEndpoint("http", u => u.DisplayText = "FinOps UI");

builder.AddDemoData(database, migrations);
builder.AddViteDevServer(api);
if (!useContainers)
{
    builder.AddLocalPrometheus(api, workers, frontend);
}

builder.Build().Run();
