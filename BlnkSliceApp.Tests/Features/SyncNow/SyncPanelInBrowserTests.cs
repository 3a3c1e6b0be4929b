using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Runs;
using Microsoft.Playwright;

namespace BlnkSliceApp.Tests.Features.SyncNow;

/// <summary>
/// The sync panel in Chromium: a refusal's message is swapped in (htmx drops 4xx answers
/// unless portal.js says otherwise), a started run polls until it has finished.
/// </summary>
public sealed class SyncPanelInBrowserTests : IAsyncLifetime
{
    readonly SyncNowAppFactory _app = new();
    Chromium _chromium = null!;

    public async Task InitializeAsync()
    {
        _app.UseKestrel(0);
        _app.StartServer();
        _chromium = await Chromium.LaunchAsync();
    }

    public async Task DisposeAsync()
    {
        await _chromium.DisposeAsync();
        _app.Dispose();
    }

    [Fact]
    public async Task A_refusal_shows_its_reason_then_a_started_run_is_followed_until_it_succeeds()
    {
        var client = _app.CreateClient();
        var install = await client.CreateInstallAsync("data:read", "data:write");
        var launch = await client.LaunchAsync(install);
        _app.Launcher.Refusals[install.InstalledAppId] = (SyncStartRefusal.NoStripeKey, "Connect a Stripe account first.");

        var page = await _chromium.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 900, Height = 900 } });
        await page.GotoAsync(client.BaseAddress!.ToString().TrimEnd('/') + launch.PathAndQuery);
        await page.WaitForFunctionAsync("() => typeof window.htmx !== 'undefined'");

        await page.Locator("[data-testid=sync-now]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=sync-refusal]")).ToHaveTextAsync("Connect a Stripe account first.");
        await Assertions.Expect(page.Locator("[data-testid=sync-panel]")).ToBeVisibleAsync();

        _app.Launcher.Refusals.Clear();
        await page.Locator("[data-testid=sync-now]").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid=sync-status]")).ToHaveTextAsync("Running");

        var run = _app.Service<AppDatabase>().Collection<SyncRunRecord>(SyncRunRecord.Collection).FindOne(r => r.InstalledAppId == install.InstalledAppId);
        run.Counts.Posted = 1234;
        run.Reconciliation = [new ReconciliationLine { Currency = "USD", Precision = 100, StripeAmount = 500, LedgerAmount = 500 }];
        _app.Runs.Finish(run, SyncRunStatus.Succeeded);

        await Assertions.Expect(page.Locator("[data-testid=sync-status]")).ToHaveTextAsync("Succeeded");
        await Assertions.Expect(page.Locator("[data-testid=sync-posted]")).ToHaveTextAsync("1,234");
        await Assertions.Expect(page.Locator("[data-testid=overview-reconciliation]")).ToContainTextAsync("USD");
        await Assertions.Expect(page.Locator("#sync-progress")).ToHaveCountAsync(0);
        Assert.Null(await page.Locator("[data-testid=sync-now]").GetAttributeAsync("aria-disabled"));
        if (Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is { Length: > 0 } directory)
            await page.ScreenshotAsync(new() { Path = Path.Combine(directory, "sync-panel.png"), FullPage = true });
    }
}
