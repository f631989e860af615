using System.Diagnostics;
using System.Text;
using FinOps.Tests.E2E;
using FinOps.Tests.Infrastructure;

namespace FinOps.Tests.Docs;

/// <summary>
/// The commands in <c>docs/</c> work: every shell block is run with real <c>bash</c> and <c>curl</c> against
/// the real API on a Kestrel socket (<c>FINOPS_URL</c>, <c>FINOPS_API_KEY</c>) and the built Workers CLI on
/// the same fresh database (<c>ConnectionStrings__finops</c>; <c>PG*</c> variables for <c>psql</c>), in document order, from the repository root;
/// or it says why it cannot run here.
/// </summary>
public sealed class DocCommandTests(KestrelApiFactory api) : IClassFixture<KestrelApiFactory>
{
    private static readonly TimeSpan BlockTimeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task Every_runnable_shell_block_succeeds_and_prints_what_it_promises()
    {
        var runnable = DocBlock.All().Where(b => b.IsShell && b.Kind is not null && DocBlock.RunKinds.Contains(b.Kind)).ToList();
        // Each area of the API has examples, and so does the CLI: fewer means blocks were lost or all skipped.
        Assert.True(runnable.Count(b => b.Kind == "api") >= 10, $"only {runnable.Count(b => b.Kind == "api")} api blocks run");
        Assert.True(runnable.Count(b => b.Kind == "workers") >= 3, $"only {runnable.Count(b => b.Kind == "workers")} workers blocks run");

        var failures = new List<string>();
        foreach (var block in runnable)
        {
            var (exitCode, output) = await RunAsync(block);
            var missing = block.ExpectedOutput.Where(e => !output.Contains(e, StringComparison.Ordinal)).ToList();
            if (exitCode != 0 || missing.Count > 0)
            {
                failures.Add($"""
                    {block.Where} ({block.Kind}) exited {exitCode}{(missing.Count > 0 ? "; missing output: " + string.Join(" | ", missing) : "")}
                    --- block ---
                    {block.Body}
                    --- output (last 3000 chars) ---
                    {(output.Length > 3000 ? output[^3000..] : output)}
                    """);
            }
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {runnable.Count} doc blocks failed:\n\n" + string.Join("\n\n", failures));
    }

    private async Task<(int ExitCode, string Output)> RunAsync(DocBlock block)
    {
        var script = Path.Combine(Path.GetTempPath(), $"finops-doc-{Guid.NewGuid():N}.sh");
        await File.WriteAllTextAsync(script, "set -eo pipefail\n" + block.Body + "\n", TestContext.Current.CancellationToken);
        try
        {
            var start = new ProcessStartInfo("bash", [script])
            {
                WorkingDirectory = RepoFiles.Root,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["FINOPS_URL"] = api.BaseAddress.ToString().TrimEnd('/');
            start.Environment["FINOPS_API_KEY"] = ApiFactory.AdminKey;
            start.Environment["ConnectionStrings__finops"] = api.ConnectionString;
            // What an operator's psql and pg_dump would use for the same database.
            var db = new Npgsql.NpgsqlConnectionStringBuilder(api.ConnectionString);
            start.Environment["PGHOST"] = db.Host;
            start.Environment["PGPORT"] = db.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["PGUSER"] = db.Username;
            start.Environment["PGPASSWORD"] = db.Password ?? "";
            start.Environment["PGDATABASE"] = db.Database;
            start.Environment["DOTNET_NOLOGO"] = "1";
            start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";

            using var process = Process.Start(start)!;
            var output = new StringBuilder();
            process.OutputDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
            process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { lock (output) { output.AppendLine(e.Data); } } };
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            timeout.CancelAfter(BlockTimeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                lock (output)
                {
                    return (-1, output + $"\n(timed out after {BlockTimeout.TotalSeconds:0} s)");
                }
            }
            process.WaitForExit(); // flushes the redirected streams
            lock (output)
            {
                return (process.ExitCode, output.ToString());
            }
        }
        finally
        {
            File.Delete(script);
        }
    }
}
