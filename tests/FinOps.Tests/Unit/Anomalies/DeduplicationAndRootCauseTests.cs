using FinOps.Core.Anomalies;
using FinOps.Core.Anomalies.Detection;

namespace FinOps.Tests.Unit.Anomalies;

public sealed class DeduplicationAndRootCauseTests
{
    private static readonly DateOnly Day = new(2025, 6, 10);

    private static AnomalyFinding Finding(AnomalyScope scope, double impact, params RootCause[] causes) =>
        new(scope, Day, new DayScore(true, true, false, AnomalyKind.Spike, 1000 + impact, 1000, 900, 1100, 10, impact, impact / 10)) { RootCauses = [.. causes] };

    private static AnomalyScope Scope(string dimension, string? account = null, string? service = null, string? region = null) =>
        new(dimension, CategoryGroups.Usage, "USD", account, service, region);

    [Fact]
    public void The_most_specific_scope_that_carries_the_delta_is_reported_and_the_broader_ones_point_at_it()
    {
        var total = Finding(Scope(ScopeDimensions.Total), 520);
        var account = Finding(Scope(ScopeDimensions.SubAccount, "111"), 505);
        var service = Finding(Scope(ScopeDimensions.Service, service: "EC2"), 500);
        var cell = Finding(Scope(ScopeDimensions.SubAccountService, "111", "EC2"), 498,
            new RootCause("region", "us-east-1", 600, 110, 490, 0.98));
        var region = Finding(Scope(ScopeDimensions.Region, region: "us-east-1"), 495);
        var unrelated = Finding(Scope(ScopeDimensions.SubAccountService, "222", "S3"), 40);

        AnomalyDeduplicator.Link([total, account, service, cell, region, unrelated], 0.6);

        Assert.True(cell.IsReported);
        Assert.True(unrelated.IsReported);
        Assert.Same(cell, total.ExplainedBy);
        Assert.Same(cell, account.ExplainedBy);
        Assert.Same(cell, service.ExplainedBy);
        Assert.Same(cell, region.ExplainedBy);
    }

    [Fact]
    public void A_narrow_scope_carrying_too_little_of_the_delta_does_not_explain_the_broad_one()
    {
        var service = Finding(Scope(ScopeDimensions.Service, service: "EC2"), 1000);
        var cell = Finding(Scope(ScopeDimensions.SubAccountService, "111", "EC2"), 400);
        var otherService = Finding(Scope(ScopeDimensions.SubAccountService, "111", "S3"), 900);

        AnomalyDeduplicator.Link([service, cell, otherService], 0.6);

        Assert.True(service.IsReported);
        Assert.True(cell.IsReported);
        Assert.True(otherService.IsReported);
    }

    [Fact]
    public void Different_days_and_categories_are_never_merged()
    {
        var usage = Finding(Scope(ScopeDimensions.Total), 500);
        var purchase = Finding(new AnomalyScope(ScopeDimensions.SubAccount, CategoryGroups.Purchase, "USD", "111"), 500);

        AnomalyDeduplicator.Link([usage, purchase], 0.6);

        Assert.True(usage.IsReported);
        Assert.True(purchase.IsReported);
    }

    [Fact]
    public void Contributions_rank_values_by_their_part_of_the_delta_against_their_usual_same_weekday_spend()
    {
        var actual = new Dictionary<string, double> { ["EC2"] = 900, ["S3"] = 105, ["RDS"] = 200 };
        var references = new List<IReadOnlyDictionary<string, double>>
        {
            new Dictionary<string, double> { ["EC2"] = 300, ["S3"] = 100, ["RDS"] = 200 },
            new Dictionary<string, double> { ["EC2"] = 310, ["S3"] = 95, ["RDS"] = 210 },
            new Dictionary<string, double> { ["EC2"] = 290, ["S3"] = 100, ["RDS"] = 190 },
        };

        var causes = ContributionAnalysis.Rank("service", actual, references, scopeExpected: 600, scopeDelta: 605, top: 5);

        Assert.Equal(["EC2", "S3"], causes.Select(c => c.Value));
        Assert.Equal(600m, causes[0].Delta);
        Assert.Equal(300m, causes[0].Expected);
        Assert.InRange(causes[0].Share, 0.99, 1.0);
    }

    [Fact]
    public void Series_mark_days_without_any_data_missing_and_days_before_a_scope_first_spends_as_no_history()
    {
        var start = new DateOnly(2025, 1, 1);
        var rows = new List<CostRow>
        {
            new(start, "111", "EC2", "us-east-1", CategoryGroups.Usage, "USD", 10),
            new(start.AddDays(2), "111", "EC2", "us-east-1", CategoryGroups.Usage, "USD", 12),
            new(start.AddDays(2), "111", "S3", "us-east-1", CategoryGroups.Usage, "USD", 3),
            new(start.AddDays(3), "111", "EC2", "us-east-1", CategoryGroups.Usage, "USD", 11),
            new(start.AddDays(3), "111", "Tax", "us-east-1", CategoryGroups.Tax, "USD", 1),
            new(start.AddDays(3), "222", "Support", null, CategoryGroups.Purchase, "USD", 100),
        };

        var series = ScopeSeries.Build(rows, [], start, 5);

        var total = series[Scope(ScopeDimensions.Total)];
        Assert.Equal(10, total[0]);
        Assert.True(double.IsNaN(total[1])); // nothing at all that day
        Assert.Equal(15, total[2]);
        Assert.Equal(11, total[3]); // tax and purchases are not usage
        Assert.True(double.IsNaN(total[4]));
        var s3 = series[Scope(ScopeDimensions.SubAccountService, "111", "S3")];
        Assert.True(double.IsNaN(s3[0])); // S3 had not started yet
        Assert.Equal(0, s3[3]); // started, spent nothing that day
        Assert.True(series.ContainsKey(new AnomalyScope(ScopeDimensions.SubAccount, CategoryGroups.Purchase, "USD", "222")));
        Assert.False(series.ContainsKey(new AnomalyScope(ScopeDimensions.Service, CategoryGroups.Purchase, "USD", ServiceName: "Support")));
        Assert.DoesNotContain(series.Keys, k => k.Category == CategoryGroups.Tax);
    }

    [Fact]
    public void Scope_labels_are_readable_and_carry_a_non_usd_currency()
    {
        Assert.Equal("service=AmazonEC2 in sub_account=111", Scope(ScopeDimensions.SubAccountService, "111", "AmazonEC2").Label);
        Assert.Equal("region=(none)", Scope(ScopeDimensions.Region).Label);
        Assert.Equal("total [EUR]", new AnomalyScope(ScopeDimensions.Total, CategoryGroups.Usage, "EUR").Label);
        Assert.Equal("tag:team=payments", new AnomalyScope(ScopeDimensions.Tag, CategoryGroups.Usage, "USD", TagKey: "team", TagValue: "payments").Label);
    }
}
