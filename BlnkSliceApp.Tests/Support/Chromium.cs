using Microsoft.Playwright;

namespace BlnkSliceApp.Tests.Support;

/// <summary>
/// Debian's Chromium driven by Playwright; Playwright never downloads a browser here. The
/// flags keep Chromium from reaching for the network, which this machine does not have.
/// </summary>
public sealed class Chromium : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = null!;

    public static async Task<Chromium> LaunchAsync()
    {
        if (!File.Exists(ExecutablePath))
            throw new InvalidOperationException($"{ExecutablePath} is missing: apt-get install -y chromium (.ci/run does this).");
        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        // A cold Chromium on a 2-core machine can take longer than Playwright's 5 s default.
        Assertions.SetDefaultExpectTimeout(15_000);
        var chromium = new Chromium { _playwright = await Playwright.CreateAsync() };
        chromium.Browser = await chromium._playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                // What Safari does by default: no cookies for a cross-site frame.
                "--test-third-party-cookie-phaseout",
            ],
        });
        return chromium;
    }

    public async ValueTask DisposeAsync()
    {
        if (Browser is not null)
            await Browser.CloseAsync();
        _playwright?.Dispose();
    }
}
