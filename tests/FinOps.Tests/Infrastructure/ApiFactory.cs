using System.Net.Http.Headers;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace FinOps.Tests.Infrastructure;

/// <summary>The real API over its own freshly migrated database, with a known bootstrap admin key and a controllable clock.</summary>
public class ApiFactory(PostgresServer postgres) : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdminKey = "fo_test-bootstrap-admin-key-0123456789";

    public string ConnectionString { get; private set; } = "";

    /// <summary>Every log line the API wrote, at every level.</summary>
    public LogCapture Logs { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero));

    public virtual async ValueTask InitializeAsync() => ConnectionString = await postgres.CreateDatabaseAsync(GetType().Name);

    /// <summary>False when a derived factory supplies the connection string another way (Vault).</summary>
    protected virtual bool ConnectionStringInSettings => true;

    /// <summary>Extra settings a derived factory needs (read by the API while it builds its services).</summary>
    protected virtual IEnumerable<KeyValuePair<string, string>> Settings => [];

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        if (ConnectionStringInSettings)
        {
            builder.UseSetting("ConnectionStrings:finops", ConnectionString);
        }
        builder.UseSetting("Auth:BootstrapAdminKey", AdminKey);
        foreach (var (key, value) in Settings)
        {
            builder.UseSetting(key, value);
        }
        builder.ConfigureServices(services =>
        {
            services.Replace(ServiceDescriptor.Singleton<TimeProvider>(Time));
            services.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(Logs);
        });
    }

    public HttpClient CreateClient(string? bearer)
    {
        var client = CreateClient();
        if (bearer is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }
        return client;
    }

    public HttpClient CreateAdminClient() => CreateClient(AdminKey);

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
