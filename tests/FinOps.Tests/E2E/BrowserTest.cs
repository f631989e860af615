using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace FinOps.Tests.E2E;

/// <summary>
/// Base of the browser tests: a fresh context and page per test, and on failure a full-page screenshot plus the
/// page's console errors and failed requests, so a red run on CI says what the user would have seen.
/// </summary>
[Collection(E2ECollection.Name)]
public abstract class BrowserTest(E2EFixture fixture) : IAsyncLifetime
{
    private readonly List<string> pageLog = [];
    private IBrowserContext? context;

    protected E2EFixture Fixture { get; } = fixture;

    protected IPage Page { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        context = await Fixture.NewContextAsync();
        Page = await context.NewPageAsync();
        Page.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning")
            {
                Log($"console.{m.Type}: {m.Text}");
            }
        };
        Page.PageError += (_, e) => Log($"page error: {e}");
        Page.RequestFailed += (_, r) => Log($"request failed: {r.Method} {r.Url} {r.Failure}");
        Page.Response += (_, r) =>
        {
            if (r.Status >= 400)
            {
                Log($"HTTP {r.Status}: {r.Request.Method} {r.Url}");
            }
        };
    }

    /// <summary>Opens the app at <paramref name="path"/> and signs in with <paramref name="apiKey"/> on the sign-in page it lands on.</summary>
    protected async Task SignInAsync(string apiKey, string path = "/")
    {
        await Page.GotoAsync(path);
        await Expect(Page).ToHaveURLAsync(new Regex("/sign-in"));
        await Page.GetByTestId("api-key-input").FillAsync(apiKey);
        await Page.GetByTestId("sign-in-button").ClickAsync();
        await Expect(Page.GetByTestId("current-user")).ToBeVisibleAsync();
    }

    /// <summary>The cells of each body row of a table, as the user reads them.</summary>
    protected static async Task<List<string[]>> ReadRowsAsync(ILocator table)
    {
        var rows = new List<string[]>();
        foreach (var row in await table.Locator("tbody tr").AllAsync())
        {
            rows.Add((await row.Locator("td").AllInnerTextsAsync()).Select(t => t.Trim()).ToArray());
        }
        return rows;
    }

    private void Log(string line)
    {
        lock (pageLog)
        {
            pageLog.Add($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (context is null)
        {
            return;
        }
        try
        {
            if (TestContext.Current.TestState?.Result is TestResult.Failed)
            {
                await RecordFailureAsync();
            }
        }
        finally
        {
            await context.CloseAsync();
        }
        GC.SuppressFinalize(this);
    }

    private async Task RecordFailureAsync()
    {
        var output = TestContext.Current.TestOutputHelper;
        var name = Regex.Replace(TestContext.Current.Test?.TestDisplayName ?? GetType().Name, @"[^A-Za-z0-9_.-]+", "_");
        var folder = Path.Combine(ResultsDirectory(), "e2e");
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, $"{name}.png");
        try
        {
            await Page.ScreenshotAsync(new() { Path = file, FullPage = true, Timeout = 10_000 });
            output?.WriteLine($"Screenshot of the page at failure: {file}");
        }
        catch (PlaywrightException e)
        {
            output?.WriteLine($"No screenshot: {e.Message}");
        }
        output?.WriteLine($"URL at failure: {Page.Url}");
        output?.WriteLine("Frontend host output (last lines):\n" + Fixture.Frontend.RecentOutput);
        lock (pageLog)
        {
            output?.WriteLine(pageLog.Count == 0 ? "Browser log: nothing notable." : "Browser log:\n" + string.Join('\n', pageLog));
        }
    }

    /// <summary>The test platform's --results-directory when given, else TestResults beside the test assembly (its default).</summary>
    private static string ResultsDirectory()
    {
        var args = Environment.GetCommandLineArgs();
        var index = Array.IndexOf(args, "--results-directory");
        return index >= 0 && index + 1 < args.Length ? args[index + 1] : Path.Combine(AppContext.BaseDirectory, "TestResults");
    }
}
