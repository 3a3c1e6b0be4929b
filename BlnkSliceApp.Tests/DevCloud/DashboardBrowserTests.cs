using BlnkSliceApp.DevCloud.Cloud.Installs;
using Microsoft.Playwright;

namespace BlnkSliceApp.Tests.DevCloud;

/// <summary>
/// The DevCloud page in Debian's Chromium: install, launch, see the portal inside the
/// cross-site iframe (DevCloud on 127.0.0.1, the app on localhost), uninstall.
/// </summary>
public sealed class DashboardBrowserTests(DevCloudFixture devCloud) : IClassFixture<DevCloudFixture>, IAsyncLifetime
{
    const string ChromiumPath = "/usr/bin/chromium";
    IPlaywright? _playwright;
    IBrowser? _browser;

    public async Task InitializeAsync()
    {
        // Never download a browser: the driver ships in the NuGet package, the browser is Debian's.
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        Assert.True(File.Exists(ChromiumPath), $"{ChromiumPath} is missing: apt-get install -y chromium");
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null) await _browser.DisposeAsync();
        _playwright?.Dispose();
    }

    [Fact]
    public async Task A_user_installs_launches_sees_the_portal_in_the_cross_site_frame_and_uninstalls()
    {
        var page = await _browser!.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        await page.GotoAsync(devCloud.Handle.DevCloudUrl.ToString());

        await page.Locator("input[name=scopes][value='alerts:write']").UncheckAsync();
        await page.ClickAsync("#install-button");
        var row = page.Locator("tr[data-install]").First;
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("active");
        var installedAppId = (await row.GetAttributeAsync("data-install"))!;
        var install = devCloud.Handle.Installs.Single(i => i.InstalledAppId == installedAppId);

        await row.Locator("button", new() { HasText = "Launch" }).ClickAsync();
        var frameElement = page.Locator("iframe#portal");
        await Assertions.Expect(frameElement).ToBeVisibleAsync();
        var portal = page.FrameLocator("iframe#portal");
        await Assertions.Expect(portal.Locator("body")).ToContainTextAsync(installedAppId);
        await Assertions.Expect(portal.Locator("body")).ToContainTextAsync(install.InstanceId);
        await portal.Locator("nav a[data-nav=permissions]").ClickAsync();
        await Assertions.Expect(portal.Locator("[data-testid=permission-data-write]")).ToHaveAttributeAsync("data-granted", "true");
        await Assertions.Expect(portal.Locator("[data-testid=permission-alerts-write]")).ToHaveAttributeAsync("data-granted", "false");
        var frameUrl = new Uri((await frameElement.GetAttributeAsync("src"))!);
        Assert.Equal("localhost", frameUrl.Host);
        Assert.Equal("127.0.0.1", new Uri(page.Url).Host);

        await page.GotoAsync(devCloud.Handle.DevCloudUrl.ToString());
        var sameRow = page.Locator($"tr[data-install='{installedAppId}']");
        await sameRow.Locator("button", new() { HasText = "Uninstall" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-install='{installedAppId}'] .state")).ToContainTextAsync("uninstalled");
        Assert.Equal(InstallState.Uninstalled, install.State);
        Assert.DoesNotContain(install.ApiKey, await page.ContentAsync());
    }
}
