using FinOps.Api.Features.Accounts;
using FinOps.Api.Features.Anomalies;
using FinOps.Api.Features.ApiKeys;
using FinOps.Api.Features.Costs;
using FinOps.Api.Features.Ingestions;
using FinOps.Api.Features.Jobs;
using FinOps.Api.Features.Me;
using FinOps.Api.Features.SystemStatus;
using FinOps.Api.Infrastructure;
using FinOps.Core.Anomalies;
using FinOps.Core.Data;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFinOpsData();
builder.AddApiInfrastructure();
builder.AddFinOpsAuth();
builder.AddJobsClient();
builder.AddIngestionUploads();
builder.AddAnomalies();

var app = builder.Build();

app.UseApiInfrastructure();
app.MapDefaultEndpoints();
app.MapApiDocuments();

app.MapMeEndpoints();
app.MapSystemStatusEndpoints();
app.MapAccountsEndpoints();
app.MapApiKeysEndpoints();
app.MapJobsEndpoints();
app.MapCostsEndpoints();
app.MapIngestionsEndpoints();
app.MapAnomaliesEndpoints();

app.Run();

/// <summary>Entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
