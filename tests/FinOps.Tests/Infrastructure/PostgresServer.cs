using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using FinOps.Core.Data;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

[assembly: AssemblyFixture(typeof(FinOps.Tests.Infrastructure.PostgresServer))]

namespace FinOps.Tests.Infrastructure;

/// <summary>
/// A real PostgreSQL for the whole test run. Uses <c>FINOPS_TEST_PG</c> (a superuser connection
/// string) when set; otherwise starts a throwaway cluster from Debian's binaries in a temp folder
/// and removes it afterwards. The schema is migrated once into a template database; each test
/// class gets its own copy of it in milliseconds (<see cref="CreateDatabaseAsync"/>).
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    private const string TemplateDatabase = "finops_template";
    private Process? process;
    private string? dataDir;
    private int databaseCounter;
    private readonly bool privateCluster;
    private readonly bool withTemplate = true;
    private ProcessStartInfo? serverCommand;
    private int port;

    public PostgresServer() : this(privateCluster: false)
    {
    }

    private PostgresServer(bool privateCluster, bool withTemplate = true)
    {
        this.privateCluster = privateCluster;
        this.withTemplate = withTemplate;
    }

    /// <summary>
    /// A cluster of the test's own (never <c>FINOPS_TEST_PG</c>) that it may stop and start again,
    /// for fault tests and tests of cluster-wide state (roles). Dispose it when done. Without
    /// <paramref name="withTemplate"/> nothing is created in it: no migrated template, no roles.
    /// </summary>
    public static async Task<PostgresServer> StartPrivateAsync(bool withTemplate = true)
    {
        var server = new PostgresServer(privateCluster: true, withTemplate);
        await server.InitializeAsync();
        return server;
    }

    /// <summary>Fast shutdown of a private cluster; its data stays for <see cref="StartAgainAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (!privateCluster || process is null)
        {
            throw new InvalidOperationException("Only a private cluster can be stopped.");
        }
        _ = Process.Start("kill", $"-INT {process.Id}");
        await process.WaitForExitAsync();
    }

    /// <summary>Starts a stopped private cluster again on the same port and data.</summary>
    public Task StartAgainAsync() => LaunchAsync();

    /// <summary>Connection string to the server's <c>postgres</c> database as a superuser.</summary>
    public string AdminConnectionString { get; private set; } = "";

    public async ValueTask InitializeAsync()
    {
        var external = privateCluster ? null : Environment.GetEnvironmentVariable("FINOPS_TEST_PG");
        AdminConnectionString = string.IsNullOrWhiteSpace(external) ? await StartClusterAsync() : external;
        if (withTemplate)
        {
            await CreateTemplateAsync();
        }
    }

    /// <summary>A fresh, migrated, empty database; returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string hint)
    {
        var name = $"t_{Sanitize(hint)}_{Environment.ProcessId}_{Interlocked.Increment(ref databaseCounter)}";
        await using var conn = new NpgsqlConnection(AdminConnectionString);
        await conn.OpenAsync();
        await Exec(conn, $"drop database if exists \"{name}\"");
        await Exec(conn, $"create database \"{name}\" template {TemplateDatabase}");
        return ConnectionStringFor(name);
    }

    /// <summary>A connection string to a database that does not exist yet (for migration tests).</summary>
    public string ConnectionStringForNewDatabase(string hint) =>
        ConnectionStringFor($"t_{Sanitize(hint)}_{Environment.ProcessId}_{Interlocked.Increment(ref databaseCounter)}");

    public string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = database, Pooling = true }.ConnectionString;

    private async Task CreateTemplateAsync()
    {
        await using (var conn = new NpgsqlConnection(AdminConnectionString))
        {
            await conn.OpenAsync();
            await Exec(conn, $"drop database if exists {TemplateDatabase}");
            await Exec(conn, $"create database {TemplateDatabase}");
        }
        var cs = ConnectionStringFor(TemplateDatabase);
        await using (var db = new FinOpsDbContext(FinOpsDbContextOptions.Create(cs)))
        {
            await new DatabaseMigrator(db, new FinOpsConnectionString(cs), NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
        }
        // A template must have no open connections when copied.
        NpgsqlConnection.ClearAllPools();
    }

    private async Task<string> StartClusterAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d).Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException(
                "No PostgreSQL server binaries found: install them with 'apt-get install -y postgresql' or set FINOPS_TEST_PG.");
        dataDir = Directory.CreateTempSubdirectory("finops-test-pg-").FullName;
        port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            // PostgreSQL refuses to run as root: hand the folder to the postgres user and drop privileges.
            await Run(Command("chown", $"-R postgres:postgres {dataDir}", asRoot: false));
        }
        var pgdata = Path.Combine(dataDir, "data");
        await Run(Command(Path.Combine(bin, "initdb"),
            $"-D {pgdata} -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync", asRoot));
        var args = $"-D {pgdata} -k {dataDir} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                   "-c full_page_writes=off -c max_connections=300 -c shared_buffers=256MB";
        serverCommand = Command(Path.Combine(bin, "postgres"), args, asRoot);
        await LaunchAsync();
        return $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Include Error Detail=true";
    }

    private async Task LaunchAsync()
    {
        process = Process.Start(serverCommand!)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        var cs = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres;Pooling=false;Timeout=5";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var conn = new NpgsqlConnection(cs);
                await conn.OpenAsync();
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
                await Task.Delay(200);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        if (process is { HasExited: false })
        {
            // SIGINT is PostgreSQL's "fast shutdown".
            _ = Process.Start("kill", $"-INT {process.Id}");
            if (!process.WaitForExit(10_000))
            {
                process.Kill(entireProcessTree: true);
            }
        }
        if (dataDir is not null)
        {
            try
            {
                Directory.Delete(dataDir, recursive: true);
            }
            catch (IOException)
            {
            }
        }
        await Task.CompletedTask;
    }

    /// <summary>PostgreSQL refuses to run as root, so as root every server binary runs as the postgres user.</summary>
    private static ProcessStartInfo Command(string exe, string args, bool asRoot)
    {
        var info = asRoot
            ? new ProcessStartInfo("setpriv", $"--reuid=postgres --regid=postgres --init-groups {exe} {args}")
            : new ProcessStartInfo(exe, args);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        return info;
    }

    private static async Task Run(ProcessStartInfo info)
    {
        using var p = Process.Start(info)!;
        var stderr = p.StandardError.ReadToEndAsync();
        await p.StandardOutput.ReadToEndAsync();
        await p.WaitForExitAsync();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"{info.FileName} {info.Arguments} failed ({p.ExitCode}): {await stderr}");
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string Sanitize(string s) =>
        new string(s.ToLowerInvariant().Where(char.IsLetterOrDigit).Take(30).ToArray());

    private static async Task Exec(NpgsqlConnection conn, string sql)
    {
        await using var cmd = new NpgsqlCommand(sql, conn);
        await cmd.ExecuteNonQueryAsync();
    }
}
