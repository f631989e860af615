using System.Globalization;
using FinOps.Core;
using FinOps.Core.Data;
using FinOps.Core.Jobs;
using FinOps.ServiceDefaults.Secrets;
using FinOps.Workers.Jobs;

namespace FinOps.Workers.Commands;

/// <summary>
/// The executable verbs of ARCHITECTURE §11. Each builds a small host (configuration, logging,
/// database, jobs — no web server), does one thing, prints what it did and returns an exit code.
/// </summary>
public static class WorkerCommands
{
    private static readonly string[] Verbs = ["migrate", "run-job", "ingest", "demo-data", "help", "--help"];

    public static bool IsVerb(string arg) => Verbs.Contains(arg);

    public static async Task<int> RunAsync(string[] args)
    {
        if (args[0] is "help" or "--help")
        {
            Console.WriteLine(Usage);
            return 0;
        }
        using var cts = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) => { e.Cancel = true; cts.Cancel(); };

        var builder = Host.CreateApplicationBuilder([]);
        builder.Logging.AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Warning);
        try
        {
            builder.AddVaultSecrets();
            builder.AddFinOpsData();
        }
        catch (Exception e) when (e is InvalidOperationException or FinOps.ServiceDefaults.Secrets.VaultException)
        {
            Console.Error.WriteLine(e.Message);
            return 2;
        }
        builder.AddWorkerJobs();
        using var host = builder.Build();
        await using var scope = host.Services.CreateAsyncScope();
        var services = scope.ServiceProvider;
        try
        {
            return args[0] switch
            {
                "migrate" => await MigrateAsync(services, cts.Token),
                "run-job" => await RunJobAsync(services, args[1..], cts.Token),
                "ingest" => await IngestCommand.RunAsync(services, args[1..], cts.Token),
                "demo-data" => await DemoDataCommand.RunAsync(services, args[1..], cts.Token),
                var verb => throw new UsageException($"unknown verb '{verb}'"),
            };
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            Console.Error.WriteLine(Usage);
            return 2;
        }
        catch (Exception e) when (e is DomainValidationException or EntityNotFoundException or ConflictException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
        catch (OperationCanceledException) when (cts.IsCancellationRequested)
        {
            Console.Error.WriteLine("cancelled");
            return 130;
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
        {
            // Infrastructure failures: say what failed in one line (the connection string is never printed).
            Console.Error.WriteLine($"error: {e.GetType().Name}: {e.Message}");
            return 1;
        }
    }

    private static async Task<int> MigrateAsync(IServiceProvider services, CancellationToken ct)
    {
        await services.GetRequiredService<DatabaseMigrator>().MigrateAsync(ct);
        Console.WriteLine("Database schema is up to date.");
        return 0;
    }

    private static async Task<int> RunJobAsync(IServiceProvider services, string[] args, CancellationToken ct)
    {
        var name = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal))
            ?? throw new UsageException("run-job needs a job name: " + string.Join(", ", JobCatalog.All.Select(j => j.Name)));
        if (JobCatalog.Find(name) is null)
        {
            throw new UsageException($"unknown job '{name}'; known jobs: {string.Join(", ", JobCatalog.All.Select(j => j.Name))}");
        }
        DateOnly? since = null;
        if (Option(args, "--since") is { } value)
        {
            since = DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
                ? d
                : throw new UsageException($"--since takes a date as YYYY-MM-DD, not '{value}'");
        }
        var summary = await services.GetRequiredService<JobDispatcher>().RunAsync(name, new JobRunOptions(since), ct);
        Console.WriteLine(summary);
        return 0;
    }

    /// <summary>The value after <paramref name="name"/> (<c>--since 2024-01-01</c> or <c>--since=2024-01-01</c>).</summary>
    internal static string? Option(string[] args, string name)
    {
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == name)
            {
                return i + 1 < args.Length ? args[i + 1] : throw new UsageException($"{name} needs a value");
            }
            if (args[i].StartsWith(name + "=", StringComparison.Ordinal))
            {
                return args[i][(name.Length + 1)..];
            }
        }
        return null;
    }

    private const string Usage = """
        usage: FinOps.Workers [verb] [arguments]
          (no verb)                          run the job server (Hangfire), its dashboard and health endpoints
          migrate                            apply database migrations and exit
          run-job <name> [--since YYYY-MM-DD] run one job synchronously and exit
          ingest <file|folder>... [--format auto|focus|aws-cur|aws-cur2|azure|gcp|oci|usage]
                                             ingest files synchronously; non-zero exit when one is rejected
          demo-data [--if-empty] [--seed N] [--analyse]
                                             load the demo dataset (through the ingestion path), then run the analyses
        Configuration: ConnectionStrings__finops (required).
        """;
}

/// <summary>The command line was wrong; the message says how.</summary>
internal sealed class UsageException(string message) : Exception(message);
