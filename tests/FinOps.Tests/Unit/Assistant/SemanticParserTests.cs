using FinOps.Core.Assistant.Language;

namespace FinOps.Tests.Unit.Assistant;

/// <summary>The parser over a small hand-made vocabulary: readings, ambiguity and unknown words, without a database.</summary>
public sealed class SemanticParserTests
{
    private static readonly DateOnly Today = new(2026, 9, 15);

    private static readonly Vocabulary Vocabulary = new(
    [
        new(Dimension.Service, "Amazon Elastic Compute Cloud", "Amazon Elastic Compute Cloud", "AWS", ["amazon elastic compute cloud", "elastic compute cloud"], AliasForms: ["ec2", "amazon ec2"]),
        new(Dimension.Service, "Amazon Simple Storage Service", "Amazon Simple Storage Service", "AWS", ["amazon simple storage service", "simple storage service"], AliasForms: ["s3"]),
        new(Dimension.Service, "Storage", "Storage", "Microsoft", ["storage"]),
        new(Dimension.ServiceCategory, "Storage", "Storage", null, ["storage", "storages"]),
        new(Dimension.SubAccount, "210987654321", "acme-prod", "AWS", ["210987654321", "acme prod"]),
        new(Dimension.SubAccount, "acme-prod", "Acme Production", "Google Cloud", ["acme prod", "acme production"]),
        new(Dimension.Provider, "AWS", "AWS", "AWS", ["aws", "amazon"]),
        new(Dimension.Provider, "Google Cloud", "Google Cloud", "Google Cloud", ["google cloud", "gcp", "google"]),
        new(Dimension.Tag, "payments", "payments", null, ["payments"], TagKey: "team"),
    ], "USD", ["team"], new DateOnly(2026, 5, 18), new DateOnly(2026, 9, 14));

    private static ParseResult Parse(string q) => new SemanticParser().Parse(q, Vocabulary, Today);

    [Fact]
    public void Reads_service_alias_period_and_grouping()
    {
        var plan = Assert.IsType<Parsed>(Parse("What did we spend on EC2 last month by account?")).Plan;
        Assert.Equal(Intent.Cost, plan.Intent);
        Assert.Equal(Measure.EffectiveCost, plan.Measure);
        Assert.Equal(["Amazon Elastic Compute Cloud"], Assert.Single(plan.Filters).Values);
        Assert.Equal("ec2", plan.Filters[0].Phrase);
        Assert.Equal((new DateOnly(2026, 8, 1), new DateOnly(2026, 8, 31)), (plan.Period!.From, plan.Period.To));
        Assert.Equal([new GroupKey(Dimension.SubAccount)], plan.GroupBy);
        Assert.Contains(plan.Assumptions, a => a.Contains("effective", StringComparison.Ordinal));
    }

    [Fact]
    public void A_name_shared_by_two_accounts_is_asked_back_with_both()
    {
        var clarification = Assert.IsType<NeedsClarification>(Parse("How much did acme-prod spend last month?"));
        Assert.Equal(2, clarification.Options.Count);
        Assert.Contains(clarification.Options, o => o.Contains("210987654321", StringComparison.Ordinal));
        Assert.Contains(clarification.Options, o => o.Contains("Google Cloud", StringComparison.Ordinal));
    }

    [Fact]
    public void The_provider_in_the_question_settles_which_account_is_meant()
    {
        var plan = Assert.IsType<Parsed>(Parse("AWS acme-prod spend last month")).Plan;
        Assert.Equal(["210987654321"], plan.FilterOn(Dimension.SubAccount)!.Values);
    }

    [Fact]
    public void A_word_that_is_a_service_and_a_category_is_asked_back_unless_the_question_says_which()
    {
        Assert.IsType<NeedsClarification>(Parse("storage costs last month"));
        var plan = Assert.IsType<Parsed>(Parse("storage service costs last month")).Plan;
        Assert.Equal(Dimension.Service, Assert.Single(plan.Filters).Dimension);
    }

    [Fact]
    public void Unknown_names_are_never_dropped_silently()
    {
        var clarification = Assert.IsType<NeedsClarification>(Parse("How much did Kubernetes cost last month?"));
        Assert.Contains("kubernetes", clarification.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Small_misspellings_and_tag_values_match_the_data()
    {
        var plan = Assert.IsType<Parsed>(Parse("simple storage servce for team payments in August")).Plan;
        Assert.Equal(["Amazon Simple Storage Service"], plan.FilterOn(Dimension.Service)!.Values);
        Assert.Equal(("team", "payments"), (plan.FilterOn(Dimension.Tag)!.TagKey, plan.FilterOn(Dimension.Tag)!.Values[0]));
    }

    [Theory]
    [InlineData("Delete all anomalies")]
    [InlineData("what is the meaning of life")]
    [InlineData("")]
    public void Requests_to_change_data_and_chatter_are_out_of_reach(string question) =>
        Assert.IsType<NotUnderstood>(Parse(question));

    [Fact]
    public void Homoglyphs_do_not_pass_for_the_words_they_imitate()
    {
        // Cyrillic "е" and "с" in "EC2" and "spend": the words match nothing, so nothing is answered on a guess.
        Assert.IsNotType<Parsed>(Parse("How much did we \u0455pend on \u0415\u04212 last month?"));
    }

    [Fact]
    public void Reads_entities_with_their_filters()
    {
        var anomalies = Assert.IsType<Parsed>(Parse("Show open anomalies over $500")).Plan;
        Assert.Equal((Intent.Anomalies, 500m, false), (anomalies.Intent, anomalies.MinAmount!.Value, anomalies.MinInclusive));
        Assert.Equal(["open"], anomalies.Statuses);

        var idle = Assert.IsType<Parsed>(Parse("Top 5 idle instances by savings")).Plan;
        Assert.Equal((Intent.Recommendations, 5), (idle.Intent, idle.Ranking!.Limit));
        Assert.Equal(["idle_stop", "idle_delete"], idle.FilterOn(Dimension.RecommendationType)!.Values);

        var forecast = Assert.IsType<Parsed>(Parse("What's the forecast for the end of the month?")).Plan;
        Assert.Equal((Intent.Forecast, ForecastKind.MonthEnd, new DateOnly(2026, 9, 30)), (forecast.Intent, forecast.ForecastKind, forecast.Period!.To));
    }
}
