using BlnkSliceApp.Tests.Shared.Sync.Engine;
using Microsoft.Playwright;

namespace BlnkSliceApp.Tests.Features.Payouts;

/// <summary>
/// The Payouts view in Debian's Chromium, inside DevCloud's cross-site frame without cookies:
/// after a sync the panel lists the payouts, a payout opens with its categories, and its CSV
/// downloads from the framed portal. Set SCREENSHOT_DIR to keep screenshots.
/// </summary>
public sealed class PayoutsInBrowserTests(SyncHarness harness) : IClassFixture<SyncHarness>, IAsyncLifetime
{
    Chromium? _chromium;

    public async Task InitializeAsync() => _chromium = await Chromium.LaunchAsync();

    public async Task DisposeAsync()
    {
        if (_chromium is not null) await _chromium.DisposeAsync();
    }

    [Fact]
    public async Task A_user_opens_a_payout_in_the_framed_portal_and_downloads_its_transactions()
    {
        var install = await harness.InstallAsync();
        await harness.SyncAsync(install);
        var context = await _chromium!.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1440, Height = 1400 }, AcceptDownloads = true });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        await page.GotoAsync(harness.DevCloud.DevCloudUrl.ToString());

        await page.Locator($"tr[data-install='{install.InstalledAppId}']").Locator("button", new() { HasText = "Launch" }).ClickAsync();
        var portal = page.FrameLocator("iframe#portal");
        await portal.Locator("nav a[data-nav=payouts]").ClickAsync();
        var reconciled = portal.Locator("[data-testid=payout-row]").Filter(new() { Has = portal.Locator("[data-testid=payout-reconciliation]", new() { HasText = "Reconciled" }) });
        await Assertions.Expect(reconciled.First).ToBeVisibleAsync();
        var payoutId = await reconciled.First.GetAttributeAsync("data-payout-id");

        await reconciled.First.Locator("[data-testid=payout-open]").ClickAsync();
        var detail = portal.Locator($"[data-testid=payout-detail][data-payout-id='{payoutId}']");
        await Assertions.Expect(detail.Locator("[data-testid=payout-category]").First).ToBeVisibleAsync();
        await Screenshot(page, "portal-payouts");
        var download = await page.RunAndWaitForDownloadAsync(() => detail.Locator("[data-testid=payout-csv]").ClickAsync());

        Assert.Equal($"stripe-payout-{payoutId}.csv", download.SuggestedFilename);
        var lines = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("payout_id,payout_status,balance_transaction_id", lines[0]);
        Assert.Equal(harness.DevCloud.Stripe!.Account.BalanceTransactions.Count(t => t.PayoutId == payoutId && t.Type != "payout"), lines.Length - 1);
        Assert.All(lines[1..], line => Assert.StartsWith(payoutId + ",", line));
        // The portal stayed where it was.
        await Assertions.Expect(detail).ToBeVisibleAsync();
        await context.CloseAsync();
    }

    static async Task Screenshot(IPage page, string name)
    {
        if (Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is { Length: > 0 } directory)
            await page.ScreenshotAsync(new() { Path = Path.Combine(directory, name + ".png"), FullPage = true });
    }
}
