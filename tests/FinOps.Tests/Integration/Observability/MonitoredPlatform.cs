using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using FinOps.Core.Anomalies;
using FinOps.Core.Data;
using FinOps.Core.Ingestion;
using FinOps.Core.Recommendations;
using FinOps.Core.Savings;
using FinOps.Tests.Deploy;
using FinOps.Tests.Fixtures;
using FinOps.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace FinOps.Tests.Integration.Observability;

/// <summary>
/// The platform as Prometheus sees it in production, on real sockets: the API (in this process, on
/// Kestrel), the Workers (their built dll, as a process), Debian's PostgreSQL exporter and Debian's
/// Prometheus scraping all three every second with the committed alert rules loaded. The database
/// holds a billing file ingested through the product's ingestion engine, one open anomaly and one
/// validated saving; a partition-maintenance run goes through Hangfire so the job metrics exist.
/// </summary>
public sealed class MonitoredPlatform(PostgresServer postgres) : IAsyncLifetime
{
    public const string PrometheusBinary = "/usr/bin/prometheus";
    public const string PostgresExporterBinary = "/usr/bin/prometheus-postgres-exporter";
    public const decimal RealizedSavings = 1234.56m;

    private readonly List<ChildProcess> processes = [];
    private KestrelApi? api;
    private string? workDir;

    public Uri ApiAddress { get; private set; } = null!;
    public Uri WorkersAddress { get; private set; } = null!;
    public Uri? ExporterAddress { get; private set; }
    public Uri PrometheusAddress { get; private set; } = null!;
    public string ConnectionString { get; private set; } = "";
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Why a part could not start (a missing Debian package); the tests fail with it.</summary>
    public string? Missing { get; private set; }

    private ChildProcess? workers;

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(PrometheusBinary))
        {
            Missing = $"{PrometheusBinary} is missing: install Debian's prometheus (scripts/setup.sh does).";
            return;
        }
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var ct = cts.Token;
        workDir = Directory.CreateTempSubdirectory("finops-monitoring-test-").FullName;

        // 1. The API on a real socket; its meter listener is live before anything is measured.
        api = new KestrelApi(postgres);
        await api.InitializeAsync();
        ApiAddress = api.BaseAddress;
        ConnectionString = api.ConnectionString;

        // 2. Data through the product's code paths: a file with a rejected row (kept out of the
        //    totals), then the clean file, which replaces that billing period.
        await IngestAsync(ct);
        await SeedAnalysisAsync(ct);

        // 3. The Workers, which publish the business and job-queue gauges, refreshed every second.
        var workersPort = RepositoryFiles.FreePort();
        WorkersAddress = new Uri($"http://127.0.0.1:{workersPort}");
        workers = ChildProcess.Start("dotnet", [RepositoryFiles.BuiltAssembly("FinOps.Workers"), "--urls", WorkersAddress.ToString()],
            new Dictionary<string, string?>
            {
                ["ConnectionStrings__finops"] = ConnectionString,
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["Observability__BusinessMetrics__RefreshInterval"] = "00:00:01",
                ["Workers__WorkerCount"] = "2",
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = null,
            });
        processes.Add(workers);
        await WaitUntilAsync(async () => (await TryGetAsync(new Uri(WorkersAddress, "/health"), ct))?.StatusCode == HttpStatusCode.OK,
            "the Workers to answer /health", workers, ct);

        // 4. A job through Hangfire (the API enqueues, the Workers run it): the job histograms exist after a run.
        using (var admin = new HttpClient { BaseAddress = ApiAddress })
        {
            admin.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.AdminKey);
            using var trigger = await admin.PostAsync("/api/v1/jobs/partition-maintenance/trigger", null, ct);
            Assert.True(trigger.IsSuccessStatusCode, $"job trigger answered {(int)trigger.StatusCode}: {await trigger.Content.ReadAsStringAsync(ct)}");
        }
        await WaitUntilAsync(async () => (await ScrapeAsync(WorkersAddress, ct)).Contains("finops_job_duration_seconds_bucket", StringComparison.Ordinal),
            "the Workers to run partition-maintenance", workers, ct);

        // 5. Debian's PostgreSQL exporter, when installed.
        if (File.Exists(PostgresExporterBinary))
        {
            var exporterPort = RepositoryFiles.FreePort();
            ExporterAddress = new Uri($"http://127.0.0.1:{exporterPort}");
            var exporter = ChildProcess.Start(PostgresExporterBinary, [$"--web.listen-address=127.0.0.1:{exporterPort}", "--log.level=warn"],
                new Dictionary<string, string?> { ["DATA_SOURCE_NAME"] = LibpqUri(ConnectionString) });
            processes.Add(exporter);
            await WaitUntilAsync(async () => (await TryGetAsync(ExporterAddress, ct))?.StatusCode == HttpStatusCode.OK,
                "the PostgreSQL exporter to answer", exporter, ct);
        }

        // 6. Prometheus with a generated configuration and the committed alert rules.
        var prometheusPort = RepositoryFiles.FreePort();
        PrometheusAddress = new Uri($"http://127.0.0.1:{prometheusPort}");
        File.Copy(Path.Combine(RepositoryFiles.Monitoring, "prometheus", "alerts.yml"), Path.Combine(workDir, "alerts.yml"));
        await File.WriteAllTextAsync(Path.Combine(workDir, "prometheus.yml"), PrometheusConfig(), ct);
        var prometheus = ChildProcess.Start(PrometheusBinary,
        [
            $"--config.file={Path.Combine(workDir, "prometheus.yml")}",
            $"--storage.tsdb.path={Path.Combine(workDir, "data")}",
            $"--web.listen-address=127.0.0.1:{prometheusPort}",
            "--log.level=warn",
        ]);
        processes.Add(prometheus);
        await WaitUntilAsync(async () => (await TryGetAsync(new Uri(PrometheusAddress, "/-/ready"), ct))?.StatusCode == HttpStatusCode.OK,
            "Prometheus to be ready", prometheus, ct);
    }

    /// <summary>One instant query through Prometheus' HTTP API: the result's samples as label sets and values.</summary>
    public async Task<List<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql, CancellationToken ct)
    {
        var json = await Http.GetStringAsync(new Uri(PrometheusAddress, $"/api/v1/query?query={Uri.EscapeDataString(promql)}"), ct);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("success", doc.RootElement.GetProperty("status").GetString());
        return doc.RootElement.GetProperty("data").GetProperty("result").EnumerateArray()
            .Select(r => (
                r.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!),
                double.Parse(r.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))
            .ToList();
    }

    public async Task<string> ScrapeAsync(Uri service, CancellationToken ct) =>
        await Http.GetStringAsync(new Uri(service, "/metrics"), ct);

    /// <summary>The Workers' output, for failure messages.</summary>
    public string WorkersOutput => workers?.Output ?? "";

    private string PrometheusConfig()
    {
        var targets = new List<(string Job, Uri Address)> { ("api", ApiAddress), ("workers", WorkersAddress) };
        if (ExporterAddress is not null)
        {
            targets.Add(("postgres-exporter", ExporterAddress));
        }
        return $"""
            global:
              scrape_interval: 1s
              evaluation_interval: 1s
            rule_files:
              - alerts.yml
            scrape_configs:
            {string.Join("\n", targets.Select(t => $"""
              - job_name: {t.Job}
                metrics_path: /metrics
                static_configs:
                  - targets: ['{t.Address.Authority}']
            """))}

            """;
    }

    private async Task IngestAsync(CancellationToken ct)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:finops"] = ConnectionString,
            // Load the valid rows of a file and report the invalid ones, so both row counters exist.
            ["Ingestion:MaxRejectedShare"] = "0.5",
        });
        builder.AddFinOpsData();
        builder.AddIngestion();
        using var host = builder.Build();
        var ingestion = host.Services.GetRequiredService<IngestionService>();

        var sample = SharedData.Fixture("cur2_sample.csv");
        var lines = await File.ReadAllLinesAsync(sample, ct);
        var broken = lines[1].Replace("li-0001", "li-9999", StringComparison.Ordinal)
            .Replace("2025-01-05T00:00:00Z,2025-01-06T00:00:00Z", "not-a-date,2025-01-06T00:00:00Z", StringComparison.Ordinal);
        var withRejectedRow = Path.Combine(workDir!, "cur2_with_rejected_row.csv");
        await File.WriteAllLinesAsync(withRejectedRow, [.. lines, broken], ct);

        var first = await ingestion.IngestAsync(new IngestionRequest(withRejectedRow, "cur2_with_rejected_row.csv", "cli"), ct);
        Assert.True(first.Succeeded && first.RowsRejected == 1, $"expected 1 rejected row: {first.Status} {first.Message}");
        var second = await ingestion.IngestAsync(new IngestionRequest(sample, "cur2_sample.csv", "cli"), ct);
        Assert.True(second.Succeeded, $"the sample did not load: {second.Message}");
    }

    private async Task SeedAnalysisAsync(CancellationToken ct)
    {
        await using var db = new FinOpsDbContext(FinOpsDbContextOptions.Create(ConnectionString));
        var now = DateTimeOffset.UtcNow;
        db.Anomalies.Add(new Anomaly
        {
            Day = new DateOnly(2025, 1, 5),
            ScopeDimension = "service",
            ScopeLabel = "service=AmazonEC2",
            ServiceName = "AmazonEC2",
            Severity = "high",
            Actual = 120m,
            Expected = 40m,
            LowerBound = 30m,
            UpperBound = 50m,
            ImpactAmount = 80m,
            DetectedAt = now,
            UpdatedAt = now,
        });
        var recommendation = new Recommendation
        {
            Type = "rightsize",
            ResourceId = "i-0a1b2c3d4e5f60001",
            Status = RecommendationStatus.Applied,
            EstimatedMonthlySavings = 1300m,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Recommendations.Add(recommendation);
        await db.SaveChangesAsync(ct);
        db.Savings.Add(new Saving
        {
            RecommendationId = recommendation.Id,
            BaselineStart = new DateOnly(2024, 11, 1),
            BaselineEnd = new DateOnly(2024, 11, 30),
            BaselineCost = 2000m,
            PostStart = new DateOnly(2024, 12, 1),
            PostEnd = new DateOnly(2024, 12, 31),
            PostCost = 765.44m,
            RealizedMonthlySavings = RealizedSavings,
            Validated = true,
            Method = "before_after",
            ComputedAt = now,
        });
        await db.SaveChangesAsync(ct);
    }

    private async Task<HttpResponseMessage?> TryGetAsync(Uri uri, CancellationToken ct)
    {
        try
        {
            return await Http.GetAsync(uri, ct);
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, ChildProcess process, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (true)
        {
            if (await condition())
            {
                return;
            }
            if (process.HasExited || DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Gave up waiting for {what} (process {(process.HasExited ? "exited" : "still running")}). Output:\n{process.Output}");
            }
            await Task.Delay(250, ct);
        }
    }

    /// <summary>libpq's URI form of an Npgsql connection string, as the exporter's DATA_SOURCE_NAME wants it.</summary>
    private static string LibpqUri(string connectionString)
    {
        var csb = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        var password = string.IsNullOrEmpty(csb.Password) ? "" : ":" + Uri.EscapeDataString(csb.Password);
        return $"postgresql://{Uri.EscapeDataString(csb.Username!)}{password}@{csb.Host}:{csb.Port}/{csb.Database}?sslmode=disable";
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in Enumerable.Reverse(processes))
        {
            await process.DisposeAsync();
        }
        if (api is not null)
        {
            await api.DisposeAsync();
        }
        Http.Dispose();
        if (workDir is not null)
        {
            try
            {
                Directory.Delete(workDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The API of <see cref="ApiFactory"/> on a real Kestrel socket chosen by the OS.</summary>
    private sealed class KestrelApi(PostgresServer postgres) : ApiFactory(postgres)
    {
        public Uri BaseAddress { get; private set; } = null!;

        public override async ValueTask InitializeAsync()
        {
            await base.InitializeAsync();
            UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
            StartServer();
            BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());
        }
    }
}
