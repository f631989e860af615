using System.Text.RegularExpressions;
using FinOps.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinOps.Tests.E2E;

public sealed class ApiKeysTests(E2EFixture fixture) : BrowserTest(fixture)
{
    [Fact]
    public async Task Admin_creates_a_viewer_key_shown_once_and_the_viewer_sees_accounts_read_only()
    {
        await SignInAsync(ApiFactory.AdminKey);
        await Page.GetByTestId("nav-settings").ClickAsync();
        await Page.GetByTestId("tab-api-keys").ClickAsync();
        await Page.GetByTestId("api-key-create").ClickAsync();
        await Page.GetByTestId("api-key-name").FillAsync("e2e-viewer");
        await Page.GetByTestId("api-key-role").SelectOptionAsync("viewer");
        await Page.GetByTestId("api-key-create-submit").ClickAsync();

        var shown = Page.GetByTestId("new-api-key");
        await Expect(shown).ToHaveTextAsync(new Regex("^fo_[A-Za-z0-9_-]{40,}$"));
        var key = (await shown.InnerTextAsync()).Trim();
        await Page.GetByRole(AriaRole.Button, new() { Name = "Done" }).ClickAsync();
        await Expect(shown).ToHaveCountAsync(0);

        // Listed by name, role and prefix only: the secret is not on the page, not even after a reload.
        var row = Page.GetByTestId("api-keys-table").Locator("tbody tr", new() { HasText = "e2e-viewer" });
        await Expect(row).ToContainTextAsync("viewer");
        await Expect(row).ToContainTextAsync(key[..10] + "…");
        await Expect(Page.Locator("body")).Not.ToContainTextAsync(key);
        await Page.ReloadAsync();
        await Expect(row).ToBeVisibleAsync();
        await Expect(Page.Locator("body")).Not.ToContainTextAsync(key);

        // Signing out from here and in with the new key comes back to the same page, now as a viewer.
        await Page.GetByTestId("sign-out-button").ClickAsync();
        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in"));
        await Page.GetByTestId("api-key-input").FillAsync(key);
        await Page.GetByTestId("sign-in-button").ClickAsync();
        await Expect(Page.GetByTestId("current-user")).ToContainTextAsync("viewer");
        await Expect(Page).ToHaveURLAsync(new Regex("/settings/api-keys$"));
        await Expect(Page.GetByText("Only administrators manage API keys")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("api-key-create")).ToHaveCountAsync(0);

        await Page.GetByTestId("tab-accounts").ClickAsync();
        var accounts = Page.GetByTestId("settings-accounts-table");
        await Expect(accounts.Locator("tbody tr")).ToHaveCountAsync(1);
        await Expect(accounts.Locator("tbody tr")).ToContainTextAsync(CostSeed.AccountName);
        await Expect(Page.GetByText("Read-only: analysts and above can add, edit and delete accounts.")).ToBeVisibleAsync();
        await Expect(Page.GetByTestId("account-add")).ToHaveCountAsync(0);
        await Expect(accounts.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);

        await Page.GetByTestId("nav-overview").ClickAsync();
        await Expect(Page.GetByTestId("accounts-table").Locator("tbody tr")).ToContainTextAsync(CostSeed.AccountName);
        await Expect(Page.GetByTestId("kpi-month-to-date").Locator(".kpi-value")).ToHaveTextAsync(CostSeed.Usd(Fixture.Seed.MonthToDate()));
    }
}
