using System.Diagnostics;
using System.Globalization;
using FinOps.Bench;
using FinOps.Core.Data;
using FinOps.Tests.Integration.Assistant.Evaluation;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

// Assistant benchmark. Usage:
//   dotnet run -c Release --project bench/FinOps.Bench.Assistant -- [--passes 5] [--failures]
// Loads the demo dataset (DemoDataGenerator → IngestionService) with the evaluation's entity rows into a
// throwaway PostgreSQL (or FINOPS_BENCH_PG), asks every question of the evaluation set, and prints the
// exact-result accuracy and the answer time (parse + SQL + database round trips) p50/p95 over the
// grammar's questions, measured after one warm-up pass.

var passes = int.Parse(Option("--passes") ?? "5", CultureInfo.InvariantCulture);
var showFailures = args.Contains("--failures");

await using var server = await BenchPostgres.StartAsync();
var database = $"finops_bench_assistant_{Environment.ProcessId}";
await using (var admin = new NpgsqlConnection(server.AdminConnectionString))
{
    await admin.OpenAsync();
    await using var create = new NpgsqlCommand($"create database {database}", admin);
    await create.ExecuteNonQueryAsync();
}
var cs = new NpgsqlConnectionStringBuilder(server.AdminConnectionString) { Database = database }.ConnectionString;
await using (var db = new FinOpsDbContext(FinOpsDbContextOptions.Create(cs)))
{
    await new DatabaseMigrator(db, new FinOpsConnectionString(cs), NullLogger<DatabaseMigrator>.Instance).MigrateAsync(CancellationToken.None);
}

var load = Stopwatch.StartNew();
var data = await EvaluationData.LoadAsync(cs, CancellationToken.None);
Console.WriteLine($"demo dataset: {data.Bills.Count:N0} billing rows ({data.Bills.Min(b => b.Day):yyyy-MM-dd} to {data.Bills.Max(b => b.Day):yyyy-MM-dd}), " +
    $"{data.Anomalies.Count} anomalies, {data.Recommendations.Count} recommendations, {data.Forecasts.Count} forecast points, {data.Savings.Count} savings; loaded in {load.Elapsed.TotalSeconds:F1} s");

await using var assistant = new AssistantFactory(cs, new FixedClock(EvaluationData.Now));
Console.WriteLine($"reader role in use: {await assistant.Runner.UsesReaderRoleAsync(CancellationToken.None)}");

// Warm-up: JIT, connection pool, vocabulary; its accuracy is the set's accuracy (answers are deterministic).
var first = await EvaluationRunner.RunAsync(assistant.Service, data, EvaluationSet.Cases, CancellationToken.None);
Console.WriteLine($"evaluation set: {EvaluationSet.Cases.Count} questions in {EvaluationSet.Cases.Select(c => c.Category).Distinct().Count()} categories");
Console.WriteLine($"exact-result accuracy: {first.Correct}/{first.Outcomes.Count} = {first.Accuracy:P1}");
if (showFailures && first.Correct < first.Outcomes.Count)
{
    Console.WriteLine(first.Failures());
}

var timed = new List<EvalOutcome>();
for (var pass = 0; pass < passes; pass++)
{
    timed.AddRange((await EvaluationRunner.RunAsync(assistant.Service, data, EvaluationSet.Cases, CancellationToken.None)).Outcomes);
}
var report = new EvalReport(timed);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"answer time over {timed.Count} grammar answers ({passes} passes): p50 {report.Percentile(50):F1} ms, p95 {report.Percentile(95):F1} ms, p99 {report.Percentile(99):F1} ms, max {report.Percentile(100):F1} ms"));
foreach (var group in timed.GroupBy(o => o.Case.Category).OrderByDescending(g => new EvalReport(g.ToList()).Percentile(95)))
{
    var r = new EvalReport(group.ToList());
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {group.Key,-16} p50 {r.Percentile(50),6:F1} ms  p95 {r.Percentile(95),6:F1} ms"));
}
Console.WriteLine(report.Percentile(95) <= 100 ? "p95 within the 100 ms target" : "p95 ABOVE the 100 ms target");
return first.Accuracy >= 0.95 && report.Percentile(95) <= 100 ? 0 : 1;

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
