using FinOps.Workers;
using FinOps.Workers.Commands;

// With a verb (migrate, run-job, ingest, demo-data) the Workers run one command and exit;
// with none they run the Hangfire job server, its dashboard and the health endpoints.
return args.Length > 0 && WorkerCommands.IsVerb(args[0])
    ? await WorkerCommands.RunAsync(args)
    : await JobServer.RunAsync(args);

/// <summary>Entry point, visible to the tests.</summary>
public partial class Program;
