using FinOps.Tests.Infrastructure;

namespace FinOps.Tests.Integration.Rightsizing;

/// <summary>Unattached volumes and idle addresses found from FOCUS bills alone.</summary>
public sealed class StorageIdleTests(PostgresServer server)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 15, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Volumes_with_no_instance_to_attach_to_and_billed_idle_addresses_are_recommended_for_deletion()
    {
        await using var host = await RightsizingHost.CreateAsync(server, "storage", Now);
        using var files = new FleetFiles();
        var start = Now.AddDays(-14);
        for (var d = 0; d < 14; d++)
        {
            var day = start.AddDays(d);
            // Account 111: volumes only, no instance in us-east-1a at all.
            files.Line("AWS", "111", "us-east-1", "us-east-1a", "vol-orphan", null, "Amazon EC2", day, day.AddDays(1), 0.2667m, "GB-Mo", 0.2667m, null, "USE1-EBS:VolumeUsage.gp3", null);
            // Account 222: an instance runs in us-east-1b every day, so its volume may be attached.
            files.Line("AWS", "222", "us-east-1", "us-east-1b", "vol-inuse", null, "Amazon EC2", day, day.AddDays(1), 0.5m, "GB-Mo", 0.5m, null, "USE1-EBS:VolumeUsage.gp3", null);
            for (var h = 0; h < 24; h++)
            {
                files.InstanceHour("i-web", "AWS", "222", "us-east-1", "us-east-1b", "m5.large", day.AddHours(h), 0.096m);
                files.Line("AWS", "222", "us-east-1", "us-east-1b", "eipalloc-idle", null, "Amazon EC2", day.AddHours(h), day.AddHours(h + 1), 0.005m, "Hrs", 1, null, "USE1-ElasticIP:IdleAddress", null);
            }
            // In the same zone, a volume tagged with an instance that ran only on the first three days.
            if (d < 3)
            {
                for (var h = 0; h < 24; h++)
                {
                    files.InstanceHour("i-batch", "AWS", "222", "us-east-1", "us-east-1b", "c5.large", day.AddHours(h), 0.085m);
                }
            }
            else
            {
                files.Line("AWS", "222", "us-east-1", "us-east-1b", "vol-batchdata", null, "Amazon EC2", day, day.AddDays(1), 1m, "GB-Mo", 1m, null, "USE1-EBS:VolumeUsage.gp3", """{"instance":"i-batch"}""");
            }
        }
        await host.IngestAsync(files.WriteBill());
        var run = await host.RunRightsizingAsync();
        Assert.Equal(3, run.StorageFindings);

        var recs = (await host.RowsAsync("select resource_id, type, estimated_monthly_savings, evidence->>'rule' from finops.recommendations order by resource_id"))
            .Select(r => ((string)r[0]!, (string)r[1]!, (decimal)r[2]!, (string)r[3]!)).ToList();
        // Savings: the bill of the lookback, scaled from the 336 hours the bills cover to 730.
        Assert.Equal([
            ("eipalloc-idle", "idle_delete", Math.Round(0.005m * 336 * 730 / 336, 2), "idle-address-usage-type"),
            ("vol-batchdata", "unattached_storage", Math.Round(11m * 730 / 336, 2), "linked-instance-not-running"),
            ("vol-orphan", "unattached_storage", Math.Round(0.2667m * 14 * 730 / 336, 2), "no-instance-in-zone"),
        ], recs);
    }
}
