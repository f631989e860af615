using System.Diagnostics;
using System.Text.RegularExpressions;

namespace FinOps.Tests.E2E;

/// <summary>
/// The built Frontend host (<c>FinOps.Frontend.dll</c> with the Vite build in its <c>wwwroot/</c>) as a child
/// process, exactly as it is deployed: it serves the SPA and forwards <c>/api</c> to the API named by
/// <c>services__api__http__0</c>. A process rather than an in-process factory because the host serves the
/// web root beside its own assembly, which only its own build output has.
/// </summary>
public sealed partial class FrontendProcess : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private const int KeptOutputLines = 200;

    private readonly Process process;
    private readonly Queue<string> output = new();

    private FrontendProcess(Process process) => this.process = process;

    /// <summary>Where the host listens, e.g. <c>http://127.0.0.1:40123/</c>.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>The host's last lines of console output, for failure messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (output)
            {
                return string.Join('\n', output);
            }
        }
    }

    public static async Task<FrontendProcess> StartAsync(Uri api, CancellationToken ct)
    {
        var dll = LocateBuiltHost();
        // Port 0: Kestrel takes a free port and logs it, so there is no pick-then-bind race with other test runs.
        var info = new ProcessStartInfo(DotnetHost(), [dll, "--urls", "http://127.0.0.1:0"])
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var inherited in new[] { "ASPNETCORE_URLS", "ASPNETCORE_HTTP_PORTS", "ASPNETCORE_HTTPS_PORTS", "OTEL_EXPORTER_OTLP_ENDPOINT" })
        {
            info.Environment.Remove(inherited);
        }
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["services__api__http__0"] = api.GetLeftPart(UriPartial.Authority);

        var host = new FrontendProcess(Process.Start(info) ?? throw new InvalidOperationException($"Could not start {dll}."));
        try
        {
            await host.WaitUntilServingAsync(ct);
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task WaitUntilServingAsync(CancellationToken ct)
    {
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(object _, DataReceivedEventArgs e)
        {
            if (e.Data is null)
            {
                return;
            }
            lock (output)
            {
                output.Enqueue(e.Data);
                if (output.Count > KeptOutputLines)
                {
                    output.Dequeue();
                }
            }
            if (ListeningLine().Match(e.Data) is { Success: true } match)
            {
                listening.TrySetResult(new Uri(match.Groups[1].Value));
            }
        }
        process.OutputDataReceived += OnLine;
        process.ErrorDataReceived += OnLine;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        var exited = process.WaitForExitAsync(timeout.Token);
        try
        {
            var first = await Task.WhenAny(listening.Task, exited);
            if (first != listening.Task)
            {
                await exited;
                throw new InvalidOperationException($"The Frontend host exited with code {process.ExitCode} before listening:\n{RecentOutput}");
            }
            BaseAddress = await listening.Task;

            // Listening is not yet serving: wait for the host's own health endpoint.
            using var http = new HttpClient { BaseAddress = BaseAddress, Timeout = TimeSpan.FromSeconds(5) };
            while (true)
            {
                try
                {
                    if ((await http.GetAsync("/alive", timeout.Token)).IsSuccessStatusCode)
                    {
                        return;
                    }
                }
                catch (HttpRequestException)
                {
                }
                await Task.Delay(100, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            throw new TimeoutException($"The Frontend host did not serve within {StartTimeout.TotalSeconds:0} s:\n{RecentOutput}");
        }
    }

    /// <summary>The Frontend's build output beside this test assembly's (same artifacts folder and configuration).</summary>
    private static string LocateBuiltHost()
    {
        // artifacts/bin/FinOps.Tests/<configuration>/ → artifacts/bin/FinOps.Frontend/<configuration>/
        var testsOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var binRoot = testsOutput.Parent?.Parent?.FullName
            ?? throw new InvalidOperationException($"Unexpected test output folder {testsOutput.FullName}.");
        var folder = Path.Combine(binRoot, "FinOps.Frontend", testsOutput.Name);
        var dll = Path.Combine(folder, "FinOps.Frontend.dll");
        var index = Path.Combine(folder, "wwwroot", "index.html");
        if (!File.Exists(dll) || !File.Exists(index))
        {
            throw new InvalidOperationException(
                $"The built Frontend host with its web UI was not found ({dll}, {index}). Build it with " +
                "'dotnet build tests/FinOps.Tests' (Node.js needed, and without -p:SkipSpaBuild=true).");
        }
        return dll;
    }

    /// <summary>The dotnet that runs these tests when the SDK says which (dotnet test sets DOTNET_HOST_PATH), else the one on PATH.</summary>
    private static string DotnetHost() =>
        Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } path && File.Exists(path) ? path : "dotnet";

    [GeneratedRegex(@"Now listening on: (http://\S+)")]
    private static partial Regex ListeningLine();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await process.WaitForExitAsync(wait.Token);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or OperationCanceledException)
        {
            // Already gone, or refuses to die within 10 s: nothing more a test can do.
        }
        process.Dispose();
    }
}
