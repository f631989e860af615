using FinOps.Core.Catalog;
using FinOps.Core.Recommendations;

namespace FinOps.Tests.Unit.Rightsizing;

/// <summary>The engine against the shipped catalog, on hand-made utilization series.</summary>
public sealed class RightsizingEngineTests
{
    private static readonly Lazy<CatalogIndex> Catalog = new(() => new CatalogIndex(CatalogSnapshot.Load()));
    private static readonly DateTimeOffset To = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset From = To.AddDays(-14);

    private static List<MetricPoint> Series(Func<int, double> max, int hours = 336) =>
        Enumerable.Range(0, hours).Select(h => new MetricPoint(From.AddHours(h), 3600, max(h) / 2, max(h))).ToList();

    private static ResourceUtilization Usage(string type, List<MetricPoint> cpu, List<MetricPoint>? memory = null, string provider = "AWS", string region = "us-east-1") =>
        new("r-1", provider, region, type, cpu, memory ?? [], [], []);

    private static BillingFacts Billed(decimal hours) => new(hours, 0, 336, "USD", "acct");

    [Fact]
    public void Downsize_meets_cpu_and_memory_need_with_headroom_and_prices_billed_hours()
    {
        // p95 of maxima: 10% CPU, 40% memory of an m5.2xlarge (8 vCPU, 32 GiB).
        var engine = new RightsizingEngine(new RightsizingOptions());
        var a = engine.Analyze(Usage("m5.2xlarge", Series(_ => 10), Series(_ => 40)), Billed(300), Catalog.Value, From, To);

        Assert.Equal(AnalysisOutcome.Rightsize, a.Outcome);
        Assert.Equal(0.96m, a.Evidence.RequiredVcpu);          // 8 × 10% × 1.2
        Assert.Equal(15.36m, a.Evidence.RequiredMemoryGib);    // 32 × 40% × 1.2
        var proposed = Catalog.Value.Find("aws", a.ProposedType!, "us-east-1", "Linux")!;
        Assert.True(proposed.Vcpu >= 0.96m && proposed.MemoryGib >= 15.36m && proposed.Architecture == "x86_64");
        Assert.Equal("r5a.large", a.ProposedType); // the cheapest current-generation x86 type with 16 GiB: another family
        Assert.True(a.Evidence.CrossFamily);
        var current = Catalog.Value.Find("aws", "m5.2xlarge", "us-east-1", "Linux")!.OnDemandHourly!.Value;
        Assert.Equal(Math.Round((current - proposed.OnDemandHourly!.Value) * 300m * 730m / 336m, 2), a.EstimatedMonthlySavings);
    }

    [Fact]
    public void Percentile_option_changes_the_need()
    {
        // 1 hour in 14 at 50%, the rest at 5%: p90 sees the quiet hours, p99 the busy ones.
        var cpu = Series(h => h % 14 == 0 ? 50 : 5);
        var p90 = new RightsizingEngine(new RightsizingOptions { CpuPercentile = 90 }).Analyze(Usage("m5.4xlarge", cpu, Series(_ => 30)), Billed(336), Catalog.Value, From, To);
        var p99 = new RightsizingEngine(new RightsizingOptions { CpuPercentile = 99 }).Analyze(Usage("m5.4xlarge", cpu, Series(_ => 30)), Billed(336), Catalog.Value, From, To);
        Assert.True(p90.Evidence.RequiredVcpu < 2m, $"p90 need {p90.Evidence.RequiredVcpu}");
        Assert.Equal(9.6m, p99.Evidence.RequiredVcpu); // 16 × 50% × 1.2
        Assert.True(Catalog.Value.Find("aws", p99.ProposedType!, "us-east-1", "Linux")!.Vcpu >= 9.6m);
    }

    [Fact]
    public void Never_proposes_another_architecture_or_a_burstable_type_to_a_fixed_one()
    {
        var engine = new RightsizingEngine(new RightsizingOptions());
        var arm = engine.Analyze(Usage("m7g.2xlarge", Series(_ => 8), Series(_ => 30)), Billed(336), Catalog.Value, From, To);
        Assert.Equal("arm64", Catalog.Value.Find("aws", arm.ProposedType!, "us-east-1", "Linux")!.Architecture);
        var x86 = engine.Analyze(Usage("m5.xlarge", Series(_ => 3), Series(_ => 10)), Billed(336), Catalog.Value, From, To);
        Assert.False(x86.ProposedType!.StartsWith('t'), x86.ProposedType);
    }

    [Fact]
    public void Idle_when_max_cpu_is_at_most_one_percent_and_priced_as_the_whole_instance()
    {
        var engine = new RightsizingEngine(new RightsizingOptions());
        var a = engine.Analyze(Usage("m5.xlarge", Series(h => 0.2 + h % 3 * 0.3)), Billed(336), Catalog.Value, From, To);
        Assert.Equal(AnalysisOutcome.IdleStop, a.Outcome);
        Assert.Equal(Math.Round(0.192m * 336 * 730 / 336, 2), a.EstimatedMonthlySavings);
        Assert.Equal("max-cpu", a.Evidence.IdleRule);
    }

    [Fact]
    public void Low_utilization_rule_needs_four_quiet_days_with_little_network()
    {
        var cpu = Series(_ => 6); // averages 3%
        var quietNet = Enumerable.Range(0, 336).Select(h => new MetricPoint(From.AddHours(h), 3600, h / 24 < 5 ? 100_000 : 50_000_000, 0)).ToList();
        var usage = new ResourceUtilization("r-2", "AWS", "us-east-1", "m5.xlarge", cpu, [], quietNet, []);
        var defaultRule = new RightsizingEngine(new RightsizingOptions()).Analyze(usage, Billed(336), Catalog.Value, From, To);
        Assert.NotEqual(AnalysisOutcome.IdleStop, defaultRule.Outcome);
        var trustedAdvisor = new RightsizingEngine(new RightsizingOptions { IdleRule = "low-utilization" }).Analyze(usage, Billed(336), Catalog.Value, From, To);
        Assert.Equal(AnalysisOutcome.IdleStop, trustedAdvisor.Outcome);
        Assert.Equal(5, trustedAdvisor.Evidence.LowUtilizationDays);
    }

    [Fact]
    public void Fewer_than_30_hours_of_metrics_is_insufficient_data()
    {
        var a = new RightsizingEngine(new RightsizingOptions()).Analyze(Usage("m5.xlarge", Series(_ => 0.1, hours: 29)), Billed(336), Catalog.Value, From, To);
        Assert.Equal(AnalysisOutcome.InsufficientData, a.Outcome);
        Assert.Contains("Insufficient data", a.Reason);
    }

    [Fact]
    public void Busy_instance_and_unknown_type_get_nothing()
    {
        var engine = new RightsizingEngine(new RightsizingOptions());
        Assert.Equal(AnalysisOutcome.NoChange, engine.Analyze(Usage("m5.xlarge", Series(_ => 70), Series(_ => 40)), Billed(336), Catalog.Value, From, To).Outcome);
        Assert.Equal(AnalysisOutcome.NoChange, engine.Analyze(Usage("m5.xlarge", Series(_ => 10), Series(_ => 85)), Billed(336), Catalog.Value, From, To).Outcome);
        Assert.Equal(AnalysisOutcome.UnknownType, engine.Analyze(Usage("zz9.huge", Series(_ => 10)), Billed(336), Catalog.Value, From, To).Outcome);
    }

    [Fact]
    public void Without_memory_metrics_the_current_memory_is_kept_unless_told_otherwise()
    {
        var keep = new RightsizingEngine(new RightsizingOptions()).Analyze(Usage("m5.2xlarge", Series(_ => 10)), Billed(336), Catalog.Value, From, To);
        Assert.Equal(32m, keep.Evidence.RequiredMemoryGib);
        Assert.True(Catalog.Value.Find("aws", keep.ProposedType!, "us-east-1", "Linux")!.MemoryGib >= 32m);
        var ignore = new RightsizingEngine(new RightsizingOptions { MemoryWhenUnknown = "ignore" }).Analyze(Usage("m5.2xlarge", Series(_ => 10)), Billed(336), Catalog.Value, From, To);
        Assert.Equal(0m, ignore.Evidence.RequiredMemoryGib);
    }

    [Fact]
    public void Region_without_prices_is_priced_in_the_reference_region()
    {
        var a = new RightsizingEngine(new RightsizingOptions()).Analyze(Usage("m5.2xlarge", Series(_ => 10), Series(_ => 40), region: "eu-west-1"), Billed(336), Catalog.Value, From, To);
        Assert.Equal(AnalysisOutcome.Rightsize, a.Outcome);
        Assert.Equal("us-east-1", a.Evidence.Current!.PricingRegion);
    }

    [Fact]
    public void Azure_and_gcp_instances_downsize_within_their_catalogs()
    {
        var engine = new RightsizingEngine(new RightsizingOptions());
        var azure = engine.Analyze(Usage("Standard_D8s_v5", Series(_ => 9), Series(_ => 35), "Microsoft", "eastus"), Billed(336), Catalog.Value, From, To);
        var gcp = engine.Analyze(Usage("n2-standard-8", Series(_ => 9), Series(_ => 35), "Google Cloud", "us-central1"), Billed(336), Catalog.Value, From, To);
        Assert.Equal(AnalysisOutcome.Rightsize, azure.Outcome);
        Assert.Equal(AnalysisOutcome.Rightsize, gcp.Outcome);
        Assert.StartsWith("Standard_", azure.ProposedType);
        Assert.True(Catalog.Value.Find("gcp", gcp.ProposedType!, "us-central1", "Linux")!.MemoryGib >= 13.44m);
    }
}
