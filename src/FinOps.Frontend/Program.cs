using FinOps.Frontend;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The csproj copies the Vite build to wwwroot/ beside the assembly, in build and publish output alike.
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});

builder.AddServiceDefaults();

// /api/** goes to the API at "http://api", resolved by service discovery from services__api__http__0:
// Aspire sets it for a referenced resource; anywhere else it can be set by hand.
builder.Services.AddReverseProxy()
    .LoadFromMemory(ApiProxy.Routes, ApiProxy.Clusters)
    .AddServiceDiscoveryDestinationResolver();
builder.AddSpaHosting();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapReverseProxy();
app.MapSpa();

app.Run();
