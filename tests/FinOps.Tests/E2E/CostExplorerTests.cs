using System.Text.RegularExpressions;
using FinOps.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinOps.Tests.E2E;

public sealed class CostExplorerTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Cost_explorer_breaks_this_month_down_by_service_and_region_and_drills_into_a_region()
    {
        var seed = Fixture.Seed;
        await SignInAsync(ApiFactory.AdminKey);
        await Page.GetByTestId("nav-explorer").ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Heading, new() { Name = "Cost Explorer", Level = 1 })).ToBeVisibleAsync();

        await Page.GetByTestId("filter-group-by").SelectOptionAsync("service");
        await Page.GetByRole(AriaRole.Button, new() { Name = "This month", Exact = true }).ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex($"from={seed.MonthStart:yyyy-MM-dd}&to={seed.Today:yyyy-MM-dd}"));

        // Rows largest first, each to the cent; the table keeps the previous range's rows until the new answer
        // arrives, and these assertions wait for the new ones.
        var table = Page.GetByTestId("breakdown-table");
        var byService = new[] { CostSeed.Compute, CostSeed.Storage, CostSeed.Functions };
        await Expect(table.Locator("tbody td:nth-child(1)")).ToHaveTextAsync(byService);
        await Expect(table.Locator("tbody td:nth-child(2)"))
            .ToHaveTextAsync(byService.Select(s => CostSeed.Usd(seed.MonthToDate(r => r.Service == s))).ToArray());
        var total = CostSeed.Usd(seed.MonthToDate());
        await Expect(table.Locator("tfoot td:nth-child(2)")).ToHaveTextAsync(total);
        await Expect(Page.GetByTestId("explorer-total")).ToContainTextAsync(total);
        await Expect(Page.GetByTestId("chart-cost-explorer").Locator(".echart svg")).ToBeVisibleAsync();

        await Page.GetByTestId("filter-group-by").SelectOptionAsync("region");
        await Expect(table.Locator("tbody td:nth-child(1)")).ToHaveTextAsync(["us-east-1", "eu-west-1"]);
        await Expect(table.Locator("tbody td:nth-child(2)")).ToHaveTextAsync(
        [
            CostSeed.Usd(seed.MonthToDate(r => r.Region == "us-east-1")),
            CostSeed.Usd(seed.MonthToDate(r => r.Region == "eu-west-1")),
        ]);

        // A click on a row filters by it.
        await table.Locator("tbody tr", new() { HasText = "eu-west-1" }).ClickAsync();
        await Expect(Page.GetByRole(AriaRole.Button, new() { Name = "Region: eu-west-1 ×" })).ToBeVisibleAsync();
        await Expect(table.Locator("tbody td:nth-child(1)")).ToHaveTextAsync(["eu-west-1"]);
        await Expect(Page.GetByTestId("explorer-total")).ToContainTextAsync(CostSeed.Usd(seed.MonthToDate(r => r.Region == "eu-west-1")));
    }
}
