using System.Text.RegularExpressions;
using FinOps.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinOps.Tests.E2E;

public sealed class SignInAndOverviewTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Wrong_key_stays_on_sign_in_with_an_error_and_admin_key_opens_an_overview_that_matches_the_data_to_the_cent()
    {
        var seed = Fixture.Seed;

        await Page.GotoAsync("/");
        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in$"));
        await Page.GetByTestId("api-key-input").FillAsync("fo_this-key-was-never-issued-000000000000");
        await Page.GetByTestId("sign-in-button").ClickAsync();
        await Expect(Page.GetByTestId("sign-in-error")).ToContainTextAsync("not accepted");
        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in$"));
        await Expect(Page.GetByTestId("current-user")).ToHaveCountAsync(0);

        await Page.GetByTestId("api-key-input").FillAsync(ApiFactory.AdminKey);
        await Page.GetByTestId("sign-in-button").ClickAsync();
        await Expect(Page).ToHaveURLAsync(Fixture.Frontend.BaseAddress.ToString());
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Overview", Level = 1 })).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("current-user")).ToContainTextAsync("admin");

        // Month to date on the API's clock, and the same days of last month beside it.
        var kpi = Page.GetByTestId("kpi-month-to-date");
        await Expect(kpi.Locator(".kpi-value")).ToHaveTextAsync(CostSeed.Usd(seed.MonthToDate()));
        var lastMonthStart = seed.MonthStart.AddMonths(-1);
        var lastMonthToDate = seed.Total(lastMonthStart, lastMonthStart.AddDays(seed.Today.Day - 1));
        await Expect(kpi).ToContainTextAsync($"vs {CostSeed.Usd(lastMonthToDate)} last month to date");

        // Top services this month, largest first.
        var services = new[] { CostSeed.Compute, CostSeed.Storage, CostSeed.Functions };
        await Expect(Page.GetByTestId("top-services").Locator(".rank-name")).ToHaveTextAsync(services);
        await Expect(Page.GetByTestId("top-services").Locator(".rank-value"))
            .ToHaveTextAsync(services.Select(s => CostSeed.Usd(seed.MonthToDate(r => r.Service == s))).ToArray());

        // The last 30 days as a drawn chart: its total, and the series names drawn in its SVG legend.
        var chart = Page.GetByTestId("chart-daily-cost");
        await Expect(chart.Locator(".chart-total")).ToContainTextAsync($"{CostSeed.Usd(seed.Total(seed.Today.AddDays(-29), seed.Today))} in 30 days");
        var drawing = chart.Locator(".echart svg");
        await Expect(drawing).ToBeVisibleAsync();
        foreach (var service in services)
        {
            await Expect(drawing.Locator("text", new() { HasText = service }).First).ToBeAttachedAsync();
        }
        Assert.True(await drawing.Locator("path").CountAsync() >= 30, "The daily chart should draw a bar per day.");

        var accounts = Page.GetByTestId("accounts-table");
        await Expect(accounts.Locator("tbody tr")).ToHaveCountAsync(1);
        Assert.Equal(
            [[CostSeed.AccountName, "AWS", CostSeed.SubAccountId, "platform · core", "$15,000.00"]],
            await ReadRowsAsync(accounts));

        var database = Page.GetByTestId("service-health").Locator("li", new() { HasText = "database" });
        await Expect(database).ToContainTextAsync("Schema up to date; 1 account(s)");
        await Expect(database.Locator(".badge")).ToHaveTextAsync("healthy");
    }
}
