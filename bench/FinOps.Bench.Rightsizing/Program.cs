using System.Diagnostics;
using FinOps.Core.Catalog;
using FinOps.Core.Recommendations;

// Rightsizing benchmark: prints how fast the shipped catalog loads and indexes, and how many instances per
// second the engine analyses (14 days of hourly CPU and memory each, against the full catalog).
// Usage: dotnet run -c Release --project bench/FinOps.Bench.Rightsizing [-- instances [cpu-level%]] (a fixed level makes every instance busy or quiet).
var instances = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 20_000;

var sw = Stopwatch.StartNew();
var rows = CatalogSnapshot.Load();
var loadMs = sw.Elapsed.TotalMilliseconds;
sw.Restart();
var index = new CatalogIndex(rows);
var indexMs = sw.Elapsed.TotalMilliseconds;
Console.WriteLine($"catalog snapshot: {rows.Count:N0} prices parsed in {loadMs:F0} ms, indexed in {indexMs:F0} ms");

var to = new DateTimeOffset(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);
var from = to.AddDays(-14);
(string Provider, string Region, string Type)[] shapes =
[
    ("AWS", "us-east-1", "m5.2xlarge"), ("AWS", "us-east-1", "c5.4xlarge"), ("AWS", "us-east-1", "r5.xlarge"), ("AWS", "us-east-1", "m7g.xlarge"),
    ("Microsoft", "eastus", "Standard_D8s_v5"), ("Microsoft", "eastus", "Standard_E8s_v5"), ("Google Cloud", "us-central1", "n2-standard-8"),
];
var rng = new Random(1);
var fleet = new List<ResourceUtilization>(instances);
for (var i = 0; i < instances; i++)
{
    var (provider, region, type) = shapes[i % shapes.Length];
    var level = args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : rng.NextDouble() * 80;
    var cpu = new List<MetricPoint>(336);
    var mem = new List<MetricPoint>(336);
    for (var h = 0; h < 336; h++)
    {
        var c = Math.Max(0, level + rng.NextDouble() * 10);
        cpu.Add(new MetricPoint(from.AddHours(h), 3600, c * 0.6, c));
        var m = 20 + rng.NextDouble() * 60;
        mem.Add(new MetricPoint(from.AddHours(h), 3600, m * 0.9, m));
    }
    fleet.Add(new ResourceUtilization($"r-{i}", provider, region, type, cpu, mem, [], []));
}
var engine = new RightsizingEngine(new RightsizingOptions());
var billing = new BillingFacts(336, 100, 336, "USD", "acct");
// Warm-up (JIT), then the measured pass.
foreach (var u in fleet.Take(200))
{
    engine.Analyze(u, billing, index, from, to);
}
sw.Restart();
var outcomes = new Dictionary<AnalysisOutcome, int>();
foreach (var u in fleet)
{
    var a = engine.Analyze(u, billing, index, from, to);
    outcomes[a.Outcome] = outcomes.GetValueOrDefault(a.Outcome) + 1;
}
var seconds = sw.Elapsed.TotalSeconds;
Console.WriteLine($"engine: {instances:N0} instances × 2 metrics × 336 h in {seconds:F2} s = {instances / seconds:N0} instances/s ({seconds * 1e6 / instances:F0} µs each)");
Console.WriteLine("outcomes: " + string.Join(", ", outcomes.OrderBy(o => o.Key).Select(o => $"{o.Key} {o.Value:N0}")));
