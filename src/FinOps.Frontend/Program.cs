using FinOps.Frontend;

var builder = WebApplication.CreateBuilder(new WebApplicationOptions
{
    Args = args,
    // The csproj copies the Vite build to wwwroot/ beside the assembly, in build and publish output alike.
    WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
});

builder.AddServiceDefaults();

// /api/** goes to the API. "http://api" is resolved by service discovery from services__api__http__0,
// which Aspire sets for a referenced resource and which can be set by hand anywhere else.
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver();
builder.AddSpaHosting();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapReverseProxy();
app.MapSpa();

app.Run();
