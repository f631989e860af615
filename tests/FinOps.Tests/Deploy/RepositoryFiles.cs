using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FinOps.Tests.Deploy;

/// <summary>Paths of the repository the tests run from, and small process helpers for the deployment tests.</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "FinOps.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"FinOps.sln not found above {AppContext.BaseDirectory}.");
    });

    public static string Root => RootPath.Value;

    public static string Deploy => Path.Combine(Root, "deploy");

    public static string Monitoring => Path.Combine(Deploy, "monitoring");

    /// <summary>The built dll of a project, in the configuration the tests were built with (artifacts/bin/NAME/debug).</summary>
    public static string BuiltAssembly(string project)
    {
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Name; // artifacts/bin/FinOps.Tests/<config>/
        var path = Path.Combine(Root, "artifacts", "bin", project, configuration, project + ".dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build the solution first (dotnet build FinOps.sln).");
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs a command to completion; returns its exit code and output (stdout then stderr).</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string fileName, IEnumerable<string> args,
        IDictionary<string, string?>? environment = null, string? workingDirectory = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Root,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(timeout ?? TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} did not finish in time.\n{await stdout}{await stderr}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}

/// <summary>A long-running child process whose output is kept for failure messages; killed on dispose.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly StringBuilder output = new();

    private ChildProcess(Process process) => this.process = process;

    public static ChildProcess Start(string fileName, IEnumerable<string> args, IDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? RepositoryFiles.Root,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            info.Environment[key] = value;
        }
        var child = new ChildProcess(Process.Start(info)!);
        child.process.OutputDataReceived += (_, e) => child.Append(e.Data);
        child.process.ErrorDataReceived += (_, e) => child.Append(e.Data);
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        return child;
    }

    public bool HasExited => process.HasExited;

    /// <summary>The last lines the process wrote.</summary>
    public string Output
    {
        get
        {
            lock (output)
            {
                var text = output.ToString();
                return text.Length > 6000 ? text[^6000..] : text;
            }
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (output)
        {
            output.AppendLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        process.Dispose();
    }
}
