using FinOps.Core.Assistant.Language;

namespace FinOps.Tests.Unit.Assistant;

public sealed class TimeExpressionsTests
{
    // Tuesday 15 September 2026.
    private static readonly DateOnly Today = new(2026, 9, 15);

    [Theory]
    [InlineData("last month", "2026-08-01", "2026-08-31")]
    [InlineData("this month", "2026-09-01", "2026-09-15")]
    [InlineData("month to date", "2026-09-01", "2026-09-15")]
    [InlineData("mtd", "2026-09-01", "2026-09-15")]
    [InlineData("this quarter", "2026-07-01", "2026-09-15")]
    [InlineData("last quarter", "2026-04-01", "2026-06-30")]
    [InlineData("ytd", "2026-01-01", "2026-09-15")]
    [InlineData("last year", "2025-01-01", "2025-12-31")]
    [InlineData("last week", "2026-09-07", "2026-09-13")]
    [InlineData("this week", "2026-09-14", "2026-09-15")]
    [InlineData("yesterday", "2026-09-14", "2026-09-14")]
    [InlineData("last 7 days", "2026-09-08", "2026-09-14")]
    [InlineData("past 2 weeks", "2026-09-01", "2026-09-14")]
    [InlineData("last three months", "2026-06-01", "2026-08-31")]
    [InlineData("in 2026-08", "2026-08-01", "2026-08-31")]
    [InlineData("on 2026-09-03", "2026-09-03", "2026-09-03")]
    [InlineData("July 2026", "2026-07-01", "2026-07-31")]
    [InlineData("in August", "2026-08-01", "2026-08-31")]
    [InlineData("in October", "2025-10-01", "2025-10-31")]
    [InlineData("in September", "2026-09-01", "2026-09-15")]
    [InlineData("since June", "2026-06-01", "2026-09-15")]
    [InlineData("since 2026-08-20", "2026-08-20", "2026-09-15")]
    [InlineData("from 2026-08-01 to 2026-08-15", "2026-08-01", "2026-08-15")]
    [InlineData("between July 1 and July 15", "2026-07-01", "2026-07-15")]
    [InlineData("q2 2026", "2026-04-01", "2026-06-30")]
    [InlineData("in 2025", "2025-01-01", "2025-12-31")]
    public void Reads_periods_relative_to_today(string text, string from, string to)
    {
        var tokens = QuestionText.Tokenize(QuestionText.Normalize(text));
        var reading = new TimeExpressions(Today).Read(tokens);
        var period = Assert.Single(reading.Periods);
        Assert.Equal((DateOnly.Parse(from), DateOnly.Parse(to)), (period.From, period.To));
        Assert.All(tokens, t => Assert.True(t.Consumed, $"'{t.Text}' left unread in '{text}'"));
    }

    [Fact]
    public void May_is_a_month_only_where_a_month_fits()
    {
        var verb = new TimeExpressions(Today).Read(QuestionText.Tokenize("may i see costs"));
        Assert.Empty(verb.Periods);
        var month = new TimeExpressions(Today).Read(QuestionText.Tokenize("costs in may"));
        Assert.Equal(new DateOnly(2026, 5, 1), Assert.Single(month.Periods).From);
    }

    [Theory]
    [InlineData(PeriodOverPeriod.Week, "2026-09-08", "2026-09-14", "2026-09-01", "2026-09-07")]
    [InlineData(PeriodOverPeriod.Month, "2026-08-01", "2026-08-31", "2026-07-01", "2026-07-31")]
    [InlineData(PeriodOverPeriod.Day, "2026-09-14", "2026-09-14", "2026-09-13", "2026-09-13")]
    public void Period_over_period_compares_the_last_complete_period_with_the_one_before(PeriodOverPeriod kind, string cf, string ct, string pf, string pt)
    {
        var (current, previous) = new TimeExpressions(Today).OverPeriod(kind);
        Assert.Equal((DateOnly.Parse(cf), DateOnly.Parse(ct), DateOnly.Parse(pf), DateOnly.Parse(pt)), (current.From, current.To, previous.From, previous.To));
    }

    [Fact]
    public void Previous_of_month_to_date_is_the_same_days_of_the_month_before()
    {
        var previous = TimeExpressions.Previous(new Period(new DateOnly(2026, 9, 1), Today, "this month"));
        Assert.Equal((new DateOnly(2026, 8, 1), new DateOnly(2026, 8, 15)), (previous.From, previous.To));
    }
}
