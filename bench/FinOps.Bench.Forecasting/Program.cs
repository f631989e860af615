using System.Diagnostics;
using System.Globalization;
using FinOps.Bench.Forecasting;
using FinOps.Core.Forecasting;
using FinOps.Core.Forecasting.Evaluation;

// Forecast accuracy and speed, printed. Usage:
//   dotnet run -c Release --project bench/FinOps.Bench.Forecasting -- [--series 300] [--speed 1000] [--days 365] [--seed 5000] [--data ../shared/data]
var settings = BenchSettings.Parse(args);
var options = new ForecastEngineOptions(BacktestDays: settings.Backtest);
var start = new DateOnly(2025, 1, 1);
Console.WriteLine($"Forecasting bench — {Environment.ProcessorCount} cores, engine defaults: backtest {options.BacktestDays} d, selection on h ≤ {options.SelectionHorizon} from {options.SelectionWindow} d of origins, min history {options.MinHistoryDays} d");

// 1. Generated bills, last 28 days held out.
var bills = Enumerable.Range(settings.Seed, settings.Series)
    .Select(seed => SyntheticBills.Generate(seed, start, new SyntheticBillOptions(Days: settings.Days + 28))).ToList();
var watch = Stopwatch.StartNew();
var report = HoldoutEvaluation.Run(bills, 28, options);
Console.WriteLine();
Console.WriteLine($"## Generated bills: {report.Series} series × {settings.Days} days of history (seeds {settings.Seed}..{settings.Seed + settings.Series - 1}), last 28 days held out ({watch.Elapsed.TotalSeconds:F1} s)");
Report.Print(report);
var monthEnd = HoldoutEvaluation.MonthEnd(bills, options, settings.Seed);
Console.WriteLine($"month-end total, cut on a random day of the last complete month: 80% interval coverage {monthEnd.Coverage80:P1}, 95% {monthEnd.Coverage95:P1} ({monthEnd.Checked} cut-offs)");

// 2. Variants: no trend, and no boosted trees (what the GBM buys).
var flat = Enumerable.Range(settings.Seed, settings.Series)
    .Select(seed => SyntheticBills.Generate(seed, start, new SyntheticBillOptions(Days: settings.Days + 28, TrendShare: 0))).ToList();
Console.WriteLine();
Console.WriteLine("## Generated bills without trend (level shifts, seasonality, fees and noise only)");
Report.Print(HoldoutEvaluation.Run(flat, 28, options));
Console.WriteLine();
Console.WriteLine("## Same bills as §1, boosted trees switched off");
Report.Print(HoldoutEvaluation.Run(bills, 28, options with { UseBoostedTrees = false }));

// 3. Real series: NAB files long enough once aggregated per day.
Console.WriteLine();
var nab = NabSeries.LoadDaily(Path.Combine(settings.DataRoot, "nab", "data"), minDays: 28 + 42);
Console.WriteLine($"## Real series: NAB, daily means of the {nab.Count} files spanning ≥ 70 days ({string.Join(", ", nab.Select(s => $"{s.Key} {s.Length} d"))}), last 28 days held out");
if (nab.Count > 0)
{
    Report.Print(HoldoutEvaluation.Run(nab, 28, options));
}
Console.WriteLine("Billing samples in shared/data (days with charges — too short to hold out 28 days after 30 of history):");
foreach (var (name, days) in BillingSamples.DaySpans(settings.DataRoot))
{
    Console.WriteLine($"  {name}: {days} days");
}

// 4. Speed: N scopes × D days with backtests and selection, as the nightly job runs them.
Console.WriteLine();
var speedSeries = Enumerable.Range(90_000, settings.Speed)
    .Select(seed => SyntheticBills.Generate(seed, start, new SyntheticBillOptions(Days: settings.Days))).ToList();
var engine = new ForecastEngine(options);
engine.ForecastMany(speedSeries.Take(20).ToList(), 90); // warm-up (JIT, ML.NET)
watch.Restart();
var results = engine.ForecastMany(speedSeries, 90);
var elapsed = watch.Elapsed;
Console.WriteLine($"## Speed: {settings.Speed} series × {settings.Days} days, 90-day horizon, {ForecastEngine.Candidates.Count} candidates, {options.BacktestDays} daily backtest origins each: {elapsed.TotalSeconds:F1} s ({elapsed.TotalMilliseconds / settings.Speed:F1} ms per series), {results.Count(r => r.Status == ForecastStatus.Ok)} forecast");
watch.Restart();
var noTrees = new ForecastEngine(options with { UseBoostedTrees = false }).ForecastMany(speedSeries, 90);
Console.WriteLine($"   without boosted trees: {watch.Elapsed.TotalSeconds:F1} s");

namespace FinOps.Bench.Forecasting
{
    internal sealed record BenchSettings(int Series, int Speed, int Days, int Seed, string DataRoot, int Backtest)
    {
        public static BenchSettings Parse(string[] args)
        {
            string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
            int Int(string name, int fallback) => Value(name) is { } v ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;
            return new BenchSettings(Int("--series", 300), Int("--speed", 1000), Int("--days", 365), Int("--seed", 5000),
                Value("--data") ?? FindSharedData(), Int("--backtest", 120));
        }

        private static string FindSharedData()
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "FinOps.sln")))
                {
                    return Path.GetFullPath(Path.Combine(dir.FullName, "..", "shared", "data"));
                }
            }
            return "../shared/data";
        }
    }

    internal static class Report
    {
        public static void Print(HoldoutReport report)
        {
            Console.WriteLine($"{"model",-18} {"mean MASE",10} {"× snaive",9} {"sMAPE %",8} {"chosen",7}");
            var naive = report.MaseOf("seasonal_naive");
            foreach (var m in report.Models)
            {
                var chosen = m.Model == HoldoutReport.Selected ? "" : report.Wins.GetValueOrDefault(m.Model).ToString(CultureInfo.InvariantCulture);
                Console.WriteLine($"{m.Model,-18} {m.MeanMase,10:F3} {m.MeanMase / naive,9:F3} {m.MeanSmape,8:F2} {chosen,7}");
            }
            Console.WriteLine($"selection MASE / seasonal naive MASE = {report.SelectionRatio:F3} (bar ≤ 0.85); held-out interval coverage: 80% → {report.Coverage80:P1} (bar 75–88%), 95% → {report.Coverage95:P1}; {report.Series} series, {report.Skipped} skipped");
        }
    }
}
