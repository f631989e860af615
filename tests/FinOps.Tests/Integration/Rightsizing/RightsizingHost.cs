using FinOps.Core.Data;
using FinOps.Core.Ingestion;
using FinOps.Core.Recommendations;
using FinOps.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace FinOps.Tests.Integration.Rightsizing;

/// <summary>The product's own services (data, ingestion, rightsizing, savings) over a fresh database, with a controllable clock.</summary>
public sealed class RightsizingHost : IAsyncDisposable
{
    private readonly IHost host;

    private RightsizingHost(IHost host, string connectionString, FakeTimeProvider time)
    {
        this.host = host;
        ConnectionString = connectionString;
        Time = time;
    }

    public string ConnectionString { get; }
    public FakeTimeProvider Time { get; }
    public IServiceProvider Services => host.Services;

    public static async Task<RightsizingHost> CreateAsync(PostgresServer server, string hint, DateTimeOffset now, IDictionary<string, string?>? settings = null)
    {
        var cs = await server.CreateDatabaseAsync(hint);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:finops"] = cs });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }
        var time = new FakeTimeProvider(now);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.AddFinOpsData();
        builder.AddIngestion();
        builder.AddRightsizing();
        builder.Services.Replace(ServiceDescriptor.Singleton<TimeProvider>(time));
        return new RightsizingHost(builder.Build(), cs, time);
    }

    public async Task<IngestionOutcome> IngestAsync(string path, string? format = null)
    {
        var outcome = await Services.GetRequiredService<IngestionService>()
            .IngestAsync(new IngestionRequest(path, Path.GetFileName(path), "cli", format), TestContext.Current.CancellationToken);
        Assert.True(outcome.Succeeded, outcome.Message);
        return outcome;
    }

    /// <summary>Runs <paramref name="action"/> in its own scope, as a job or a request would.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> action)
    {
        await using var scope = Services.CreateAsyncScope();
        return await action(scope.ServiceProvider);
    }

    public Task<RightsizingService.RunResult> RunRightsizingAsync() =>
        InScopeAsync(sp => sp.GetRequiredService<RightsizingService>().RunAsync(TestContext.Current.CancellationToken));

    public async Task<List<object?[]>> RowsAsync(string sql, params object[] args)
    {
        await using var cmd = Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        foreach (var a in args)
        {
            cmd.Parameters.AddWithValue(a);
        }
        var rows = new List<object?[]>();
        await using var reader = await cmd.ExecuteReaderAsync(TestContext.Current.CancellationToken);
        while (await reader.ReadAsync(TestContext.Current.CancellationToken))
        {
            var values = new object?[reader.FieldCount];
            reader.GetValues(values!);
            rows.Add(values.Select(v => v is DBNull ? null : v).ToArray());
        }
        return rows;
    }

    public async Task<T?> ScalarAsync<T>(string sql, params object[] args)
    {
        var rows = await RowsAsync(sql, args);
        return rows.Count == 0 || rows[0][0] is null ? default : (T)rows[0][0]!;
    }

    public async ValueTask DisposeAsync()
    {
        await host.StopAsync();
        host.Dispose();
    }
}
