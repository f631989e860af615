using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace FinOps.Bench;

/// <summary>
/// The PostgreSQL server the benchmark runs against: <c>FINOPS_BENCH_PG</c> (a superuser connection string)
/// when set, else a throwaway cluster from Debian's binaries in a temp folder, configured as the tests'
/// (no fsync: the figures measure the load, not the disk), removed afterwards.
/// </summary>
public sealed class BenchPostgres : IAsyncDisposable
{
    private Process? process;
    private string? dataDir;

    public string AdminConnectionString { get; private set; } = "";

    public static async Task<BenchPostgres> StartAsync()
    {
        var server = new BenchPostgres();
        var external = Environment.GetEnvironmentVariable("FINOPS_BENCH_PG");
        server.AdminConnectionString = string.IsNullOrWhiteSpace(external) ? await server.StartClusterAsync() : external;
        return server;
    }

    private async Task<string> StartClusterAsync()
    {
        var bin = Directory.GetDirectories("/usr/lib/postgresql").OrderByDescending(d => d).Select(d => Path.Combine(d, "bin"))
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")))
            ?? throw new InvalidOperationException("No PostgreSQL server binaries: apt-get install -y postgresql, or set FINOPS_BENCH_PG.");
        dataDir = Directory.CreateTempSubdirectory("finops-bench-pg-").FullName;
        var port = FreePort();
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await Run(Command("chown", $"-R postgres:postgres {dataDir}", asRoot: false));
        }
        var pgdata = Path.Combine(dataDir, "data");
        await Run(Command(Path.Combine(bin, "initdb"), $"-D {pgdata} -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 --no-sync", asRoot));
        var args = $"-D {pgdata} -k {dataDir} -p {port} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off " +
                   "-c full_page_writes=off -c max_connections=100 -c shared_buffers=256MB -c max_wal_size=4GB -c checkpoint_timeout=30min";
        process = Process.Start(Command(Path.Combine(bin, "postgres"), args, asRoot))!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var cs = $"Host=127.0.0.1;Port={port};Username=postgres;Database=postgres";
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                await using var conn = new NpgsqlConnection(cs + ";Pooling=false;Timeout=5");
                await conn.OpenAsync();
                return cs;
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
            _ = Process.Start("kill", $"-INT {process.Id}");
            if (!process.WaitForExit(20_000))
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
}
