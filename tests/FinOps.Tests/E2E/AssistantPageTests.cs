using FinOps.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinOps.Tests.E2E;

public sealed class AssistantPageTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Assistant_answers_with_the_reading_a_table_a_chart_and_the_sql_and_offers_examples_when_lost()
    {
        var seed = Fixture.Seed;
        await SignInAsync(ApiFactory.AdminKey);
        await Page.GetByTestId("nav-assistant").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Assistant", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("assistant-suggestions").Locator("button")).ToHaveCountAsync(8);

        await Page.GetByTestId("assistant-input").FillAsync("What did we spend this month by service?");
        await Page.GetByTestId("assistant-ask").ClickAsync();

        var byService = new[] { CostSeed.Compute, CostSeed.Storage, CostSeed.Functions };
        var table = Page.GetByTestId("assistant-table");
        await Expect(table.Locator("tbody td:nth-child(1)")).ToHaveTextAsync(byService);
        await Expect(table.Locator("tbody td:nth-child(2)"))
            .ToHaveTextAsync(byService.Select(s => CostSeed.Usd(seed.MonthToDate(r => r.Service == s))).ToArray());
        await Expect(Page.GetByTestId("assistant-answer-text")).ToContainTextAsync(CostSeed.Usd(seed.MonthToDate()));
        await Expect(Page.GetByTestId("assistant-understood")).ToContainTextAsync("this month");
        await Expect(Page.GetByTestId("chart-assistant").Locator(".echart svg")).ToBeVisibleAsync();
        await Page.GetByTestId("assistant-sql").Locator("summary").ClickAsync();
        await Expect(Page.GetByTestId("assistant-sql").Locator("pre")).ToContainTextAsync("from assistant.costs");

        // Off-topic: examples to click instead of a number.
        await Page.GetByTestId("assistant-input").FillAsync("Tell me a joke");
        await Page.GetByTestId("assistant-ask").ClickAsync();
        var last = Page.GetByTestId("assistant-answer").Last;
        await Expect(last).ToContainTextAsync("I can answer questions like");
        await Expect(last.Locator("button").First).ToBeVisibleAsync();
    }
}
