using FinOps.Tests.Infrastructure;
using Microsoft.Playwright;

namespace FinOps.Tests.E2E;

/// <summary>The browser tests share one stack and run one at a time: two hosts and a browser per class would crowd a 2-core machine.</summary>
[CollectionDefinition(Name)]
public sealed class E2ECollection : ICollectionFixture<E2EFixture>
{
    public const string Name = "E2E";
}

/// <summary>
/// The whole product as a user meets it: the real API on Kestrel over a fresh migrated database, the built
/// Frontend host proxying <c>/api</c> to it, seeded data, and headless Chromium. Each test gets its own browser
/// context (its own storage, so its own sign-in) from <see cref="NewContextAsync"/>.
/// </summary>
public sealed class E2EFixture(PostgresServer postgres) : IAsyncLifetime
{
    /// <summary>Debian's Chromium (scripts/setup.sh installs it); FINOPS_E2E_CHROMIUM points elsewhere on other machines.</summary>
    private static readonly string ChromiumPath =
        Environment.GetEnvironmentVariable("FINOPS_E2E_CHROMIUM") is { Length: > 0 } custom ? custom : "/usr/bin/chromium";

    private IPlaywright? playwright;
    private IBrowser? browser;
    private FrontendProcess? frontend;

    public KestrelApiFactory Api { get; } = new(postgres);

    public CostSeed Seed { get; private set; } = null!;

    public FrontendProcess Frontend => frontend ?? throw new InvalidOperationException("Not started.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
        {
            throw new InvalidOperationException(
                $"The browser tests need Chromium at {ChromiumPath}: install it with 'apt-get install -y chromium' " +
                "(scripts/setup.sh does), or set FINOPS_E2E_CHROMIUM to another Chromium executable.");
        }
        var ct = TestContext.Current.CancellationToken;
        try
        {
            await Api.InitializeAsync();
            Seed = new CostSeed(DateOnly.FromDateTime(Api.Time.GetUtcNow().UtcDateTime));
            using (var admin = Api.CreateAdminClient())
            {
                await CostSeed.CreateAccountAsync(admin, ct);
            }
            await Seed.InsertCostsAsync(Api.ConnectionString, ct);

            frontend = await FrontendProcess.StartAsync(Api.BaseAddress, ct);

            playwright = await Playwright.CreateAsync();
            browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ChromiumPath,
                Headless = true,
                Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
            });
            // Generous for a shared 2-core machine; a test that passes waits far less.
            Assertions.SetDefaultExpectTimeout(15_000);
        }
        catch
        {
            await DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// A fresh browser context: en-US in UTC, and a page clock set to the API's fake "now" so the UI's own date
    /// ranges ("last 30 days", "this month") line up with the API's month to date. Time then flows normally.
    /// </summary>
    public async Task<IBrowserContext> NewContextAsync()
    {
        var context = await (browser ?? throw new InvalidOperationException("Not started.")).NewContextAsync(new()
        {
            BaseURL = Frontend.BaseAddress.ToString(),
            Locale = "en-US",
            TimezoneId = "UTC",
            ViewportSize = new() { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(15_000);
        await context.Clock.InstallAsync(new() { TimeDate = Api.Time.GetUtcNow().UtcDateTime });
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null)
        {
            await browser.CloseAsync();
            browser = null;
        }
        playwright?.Dispose();
        playwright = null;
        if (frontend is not null)
        {
            await frontend.DisposeAsync();
            frontend = null;
        }
        await Api.DisposeAsync();
    }
}
