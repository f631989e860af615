using Microsoft.Extensions.DependencyInjection;
using FinOps.Core.Recommendations;
using FinOps.Tests.Infrastructure;

namespace FinOps.Tests.Integration.Rightsizing;

/// <summary>
/// A generated fleet with known utilization, loaded through the usage-CSV and FOCUS ingestion paths, analysed by
/// the rightsizing run: the issue's "done when" rules, checked instance by instance.
/// </summary>
public sealed class FleetRightsizingTests(PostgresServer server)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Start = Now.AddDays(-14);

    private static readonly (string Provider, string Region, string Type)[] Shapes =
    [
        ("AWS", "us-east-1", "m5.xlarge"), ("AWS", "us-east-1", "m5.2xlarge"), ("AWS", "us-east-1", "c5.2xlarge"), ("AWS", "us-east-1", "r5.xlarge"),
        ("AWS", "us-east-1", "m6i.2xlarge"), ("AWS", "us-east-1", "m7g.xlarge"), ("AWS", "eu-west-1", "m5.2xlarge"),
        ("Microsoft", "eastus", "Standard_D4s_v5"), ("Microsoft", "eastus", "Standard_D8s_v5"), ("Microsoft", "eastus", "Standard_E8s_v5"),
        ("Microsoft", "eastus", "Standard_F8s_v2"), ("Microsoft", "eastus", "Standard_D8ps_v5"),
        ("Google Cloud", "us-central1", "n2-standard-8"), ("Google Cloud", "us-central1", "e2-standard-8"), ("Google Cloud", "us-central1", "n2-highmem-8"),
    ];

    private sealed record Box(string Id, string Provider, string Region, string Type, List<double> CpuMax, List<double>? MemMax, decimal BilledHours);

    private static List<Box> Generate(FleetFiles files, int count, int seed)
    {
        var rng = new Random(seed);
        var boxes = new List<Box>();
        for (var i = 0; i < count; i++)
        {
            var (provider, region, type) = Shapes[i % Shapes.Length];
            var profile = (i / Shapes.Length) % 5; // 0 idle, 1-2 low, 3 busy, 4 middling
            var partTime = i % 7 == 3;
            var withMemory = i % 4 != 1;
            var busyOnMemory = profile == 3 && i % 2 == 0;
            var id = provider switch
            {
                "AWS" => $"i-{i:x12}",
                "Microsoft" => $"/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-{i}",
                _ => $"projects/p1/zones/{region}-a/instances/gce-{i}",
            };
            var cpuMax = new List<double>();
            var memMax = withMemory ? new List<double>() : null;
            decimal billed = 0;
            for (var h = 0; h < 14 * 24; h++)
            {
                var at = Start.AddHours(h);
                if (partTime && at.Hour >= 12)
                {
                    continue; // stopped at night: neither metrics nor bills
                }
                var spike = rng.NextDouble() < 0.03;
                var cpu = profile switch
                {
                    0 => 0.1 + rng.NextDouble() * 0.85,
                    1 or 2 => spike ? 15 + rng.NextDouble() * 25 : 1 + rng.NextDouble() * 10,
                    3 => busyOnMemory ? 20 + rng.NextDouble() * 30 : 50 + rng.NextDouble() * 45,
                    _ => 15 + rng.NextDouble() * 35,
                };
                cpuMax.Add(cpu);
                files.Metric(id, provider, region, type, at, "CPUUtilization", cpu * 0.6, cpu);
                if (memMax is not null)
                {
                    var mem = profile switch
                    {
                        0 or 1 or 2 => 15 + rng.NextDouble() * 28,
                        3 => busyOnMemory ? 78 + rng.NextDouble() * 20 : 40 + rng.NextDouble() * 30,
                        _ => 50 + rng.NextDouble() * 25,
                    };
                    memMax.Add(mem);
                    files.Metric(id, provider, region, type, at, "MemoryUtilization", mem * 0.9, mem);
                }
                files.InstanceHour(id, provider, provider == "AWS" ? "111111111111" : "acct-" + provider[0], region, null, type, at, 0.5m);
                billed += 1;
            }
            boxes.Add(new Box(id, provider, region, type, cpuMax, memMax, billed));
        }
        // One box with less than 30 hours of metrics.
        for (var h = 0; h < 20; h++)
        {
            files.Metric("i-fewhours", "AWS", "us-east-1", "m5.2xlarge", Now.AddHours(-20 + h), "CPUUtilization", 0.2, 0.3);
        }
        return boxes;
    }

    private static double P95(List<double> values)
    {
        var sorted = values.Order().ToList();
        return Percentiles.Of(sorted, 95);
    }

    [Fact]
    public async Task Generated_fleet_gets_exactly_the_recommendations_its_utilization_calls_for()
    {
        await using var host = await RightsizingHost.CreateAsync(server, "fleet", Now);
        using var files = new FleetFiles();
        var boxes = Generate(files, 150, seed: 42);
        await host.IngestAsync(files.WriteUsage(), "usage");
        await host.IngestAsync(files.WriteBill());

        var run = await host.RunRightsizingAsync();
        Assert.Equal(151, run.Evaluated);
        Assert.Equal(1, run.InsufficientData);

        var recs = (await host.RowsAsync("select resource_id, type, proposed_type, estimated_monthly_savings, status from finops.recommendations"))
            .ToDictionary(r => (string)r[0]!, r => (Type: (string)r[1]!, Proposed: (string?)r[2], Savings: (decimal)r[3]!, Status: (string)r[4]!));
        Assert.DoesNotContain("i-fewhours", recs.Keys);
        int low = 0, idle = 0, busy = 0;
        foreach (var box in boxes)
        {
            var cpuP95 = P95(box.CpuMax);
            var memP95 = box.MemMax is null ? (double?)null : P95(box.MemMax);
            var provider = FinOps.Core.Catalog.CloudProviders.Normalize(box.Provider);
            if (box.CpuMax.Max() < 1)
            {
                idle++;
                Assert.True(recs.TryGetValue(box.Id, out var r) && r.Type == "idle_stop", $"{box.Id} max CPU {box.CpuMax.Max():0.##}% has no idle recommendation");
                var price = await PriceAsync(host, provider, box.Type, box.Region);
                AssertClose(price * box.BilledHours * 730m / 336m, r.Savings, box.Id);
            }
            else if (cpuP95 <= 12 && (memP95 ?? 0) <= 45)
            {
                low++;
                Assert.True(recs.TryGetValue(box.Id, out var r), $"{box.Id} ({box.Type}, p95 CPU {cpuP95:0.##}%, memory {memP95:0.##}%) has no recommendation");
                Assert.Equal("rightsize", r.Type);
                var current = await ShapeAsync(host, provider, box.Type, box.Region);
                var proposed = await ShapeAsync(host, provider, r.Proposed!, current.Region);
                var needVcpu = current.Vcpu * (decimal)cpuP95 / 100m * 1.2m;
                var needMemory = memP95 is { } m ? current.Memory * (decimal)m / 100m * 1.2m : current.Memory;
                Assert.True(proposed.Vcpu >= needVcpu - 0.001m, $"{box.Id}: {r.Proposed} has {proposed.Vcpu} vCPU, needs {needVcpu}");
                Assert.True(proposed.Memory >= needMemory - 0.001m, $"{box.Id}: {r.Proposed} has {proposed.Memory} GiB, needs {needMemory}");
                Assert.Equal(current.Arch, proposed.Arch);
                Assert.True(proposed.Price < current.Price);
                AssertClose((current.Price - proposed.Price) * box.BilledHours * 730m / 336m, r.Savings, box.Id);
            }
            else if (cpuP95 >= 55 || memP95 >= 80)
            {
                busy++;
                Assert.False(recs.ContainsKey(box.Id), $"{box.Id} is busy (p95 CPU {cpuP95:0.##}%, memory {memP95:0.##}%) yet got {(recs.TryGetValue(box.Id, out var r) ? r.Type : "")}");
            }
        }
        Assert.True(low >= 40 && idle >= 20 && busy >= 20, $"fleet too small to mean anything: {low} low, {idle} idle, {busy} busy");

        // A second run refreshes the same recommendations instead of adding new ones, and audits only changes.
        var audits = await host.ScalarAsync<long>("select count(*) from finops.audit_log");
        var again = await host.RunRightsizingAsync();
        Assert.Equal(0, again.Created);
        Assert.Equal(recs.Count, again.Refreshed);
        Assert.Equal((long)recs.Count, await host.ScalarAsync<long>("select count(*) from finops.recommendations"));
        Assert.Equal(audits, await host.ScalarAsync<long>("select count(*) from finops.audit_log"));
    }

    [Fact]
    public async Task Recommendation_expires_when_load_rises_and_a_dismissal_is_not_raised_again()
    {
        await using var host = await RightsizingHost.CreateAsync(server, "fleetlife", Now);
        using (var files = new FleetFiles())
        {
            for (var h = 0; h < 336; h++)
            {
                var at = Start.AddHours(h);
                files.Metric("i-quiet", "AWS", "us-east-1", "m5.2xlarge", at, "CPUUtilization", 3, 5);
                files.Metric("i-idle", "AWS", "us-east-1", "m5.xlarge", at, "CPUUtilization", 0.2, 0.4);
            }
            await host.IngestAsync(files.WriteUsage(), "usage");
        }
        await host.RunRightsizingAsync();
        var ids = (await host.RowsAsync("select resource_id, id from finops.recommendations where status = 'open'")).ToDictionary(r => (string)r[0]!, r => (Guid)r[1]!);
        Assert.Equal(["i-idle", "i-quiet"], ids.Keys.Order());

        await host.InScopeAsync(sp => sp.GetRequiredService<RecommendationLifecycle>().DismissAsync(ids["i-idle"], "kept as a warm standby", "tester", TestContext.Current.CancellationToken));

        // A week later: i-quiet got busy, i-idle is still idle.
        host.Time.Advance(TimeSpan.FromDays(7));
        using (var files = new FleetFiles())
        {
            for (var h = 0; h < 7 * 24; h++)
            {
                var at = Now.AddHours(h);
                files.Metric("i-quiet", "AWS", "us-east-1", "m5.2xlarge", at, "CPUUtilization", 70, 90);
                files.Metric("i-idle", "AWS", "us-east-1", "m5.xlarge", at, "CPUUtilization", 0.2, 0.4);
            }
            await host.IngestAsync(files.WriteUsage(), "usage");
        }
        var run = await host.RunRightsizingAsync();
        Assert.Equal((0, 1, 1), (run.Created, run.Expired, run.Suppressed));
        var rows = await host.RowsAsync("select resource_id, status, status_reason from finops.recommendations order by resource_id");
        Assert.Equal(("dismissed", "kept as a warm standby"), ((string)rows[0][1]!, (string)rows[0][2]!));
        Assert.Equal("expired", rows[1][1]);
        Assert.Contains("Busy", (string)rows[1][2]!);
        Assert.Equal(2L, await host.ScalarAsync<long>("select count(*) from finops.audit_log where action in ('recommendation.dismiss', 'recommendation.expire')"));
    }

    private sealed record TypeRow(decimal Vcpu, decimal Memory, string Arch, decimal Price, string Region);

    private static async Task<TypeRow> ShapeAsync(RightsizingHost host, string provider, string type, string region)
    {
        var rows = await host.RowsAsync("""
            select vcpu, memory_gib, architecture, on_demand_hourly, region from finops.instance_catalog
            where provider = $1 and instance_type = $2 and operating_system = 'Linux' and region in ($3, $4)
            order by (region = $3) desc limit 1
            """, provider, type, region, FinOps.Core.Catalog.CloudProviders.ReferenceRegion(provider)!);
        var r = Assert.Single(rows);
        return new TypeRow((decimal)r[0]!, (decimal)r[1]!, (string)r[2]!, (decimal)r[3]!, (string)r[4]!);
    }

    private static async Task<decimal> PriceAsync(RightsizingHost host, string provider, string type, string region) =>
        (await ShapeAsync(host, provider, type, region)).Price;

    private static void AssertClose(decimal expected, decimal actual, string what) =>
        Assert.True(Math.Abs(expected - actual) <= Math.Max(0.01m, Math.Abs(expected) * 0.01m), $"{what}: estimate {actual}, catalog arithmetic {expected:0.####}");
}
