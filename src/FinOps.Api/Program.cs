using FinOps.Api.Features.Accounts;
using FinOps.Api.Features.Catalog;
using FinOps.Api.Features.Recommendations;
using FinOps.Api.Features.Savings;
using FinOps.Api.Features.Anomalies;
using FinOps.Api.Features.ApiKeys;
using FinOps.Api.Features.Assistant;
using FinOps.Api.Features.Costs;
using FinOps.Api.Features.Forecasts;
using FinOps.Api.Features.Ingestions;
using FinOps.Api.Features.Jobs;
using FinOps.Api.Features.Me;
using FinOps.Api.Features.SystemStatus;
using FinOps.Api.Infrastructure;
using FinOps.Core.Anomalies;
using FinOps.Core.Assistant;
using FinOps.Core.Data;
using FinOps.Core.Forecasting;
using FinOps.Core.Recommendations;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddFinOpsData();
builder.AddApiInfrastructure();
builder.AddFinOpsAuth();
builder.AddJobsClient();
builder.AddIngestionUploads();
builder.AddForecasting();
builder.AddRightsizing();
builder.AddAnomalies();
builder.AddAssistant();

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
app.MapForecastsEndpoints();
app.MapCatalogEndpoints();
app.MapRecommendationsEndpoints();
app.MapSavingsEndpoints();
app.MapAnomaliesEndpoints();
app.MapAssistantEndpoints();

app.Run();

/// <summary>Entry point, visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the tests.</summary>
public partial class Program;
