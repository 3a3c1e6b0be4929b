using Microsoft.Playwright;

namespace BlnkSliceApp.Tests.DevCloud;

/// <summary>
/// A finance user's first sync, in Debian's Chromium: install in DevCloud, launch the portal
/// into the cross-site frame, press "Sync now" and watch the run finish with postings.
/// Set SCREENSHOT_DIR to keep screenshots of the portal.
/// </summary>
public sealed class PortalSyncJourneyTests(DevCloudFixture devCloud) : IClassFixture<DevCloudFixture>, IAsyncLifetime
{
    Chromium? _chromium;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
    }

    [Fact]
    public async Task A_user_presses_Sync_now_in_the_framed_portal_and_sees_the_run_succeed()
    {
        var install = await devCloud.InstallAsync();
        var page = await _chromium!.Browser.NewPageAsync(new() { ViewportSize = new() { Width = 1280, Height = 1100 } });
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync(devCloud.Handle.DevCloudUrl.ToString());

        var row = page.Locator($"tr[data-install='{install.Install.InstalledAppId}']");
        await row.Locator("button", new() { HasText = "Launch" }).ClickAsync();
        var portal = page.FrameLocator("iframe#portal");
        var syncNow = portal.Locator("[data-testid=sync-now]");
        await Assertions.Expect(syncNow).ToBeVisibleAsync();
        await Screenshot(page, "portal-before-sync");

        await syncNow.ClickAsync();
        await Assertions.Expect(portal.Locator("[data-testid=sync-status]")).ToHaveTextAsync("Succeeded", new() { Timeout = 90_000 });

        var posted = long.Parse((await portal.Locator("[data-testid=sync-posted]").InnerTextAsync()).Replace(",", ""));
        Assert.True(posted > 0, "the run posted nothing");
        await Assertions.Expect(portal.Locator("[data-testid=overview-reconciliation]")).ToContainTextAsync("USD");
        await Screenshot(page, "portal-after-sync");
        Assert.DoesNotContain(devCloud.Handle.Stripe!.SecretKey, await page.ContentAsync());
    }

    static async Task Screenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is { Length: > 0 } directory)
            await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }
}
