using Microsoft.Playwright;

namespace BlnkSliceApp.Tests.DevCloud;

/// <summary>
/// A finance user's whole journey in Debian's Chromium, the portal inside DevCloud's cross-site
/// iframe with third-party cookies blocked: install and launch from DevCloud's page, the
/// overview, a malformed then a good Stripe key, a sync whose bar moves while focus stays put,
/// the run's detail and the runs, a search by Stripe id, the CSV through its single-use link, a
/// payout and its CSV, the alerts, a rule for an unmapped Stripe category, the session's expiry
/// and the uninstall. Every view: axe-core finds nothing serious or critical, one h1, nothing
/// cut or outside the frame at 360 px, a screenshot. No CSP violation anywhere.
/// </summary>
public sealed class PortalJourneyTests(PortalJourneyHarness harness, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<PortalJourneyHarness>
{
    [Fact]
    public Task A_finance_user_goes_through_the_whole_portal_at_1440_px() => JourneyAsync(1440, 1000);

    [Fact]
    public Task A_finance_user_goes_through_the_whole_portal_at_360_px() => JourneyAsync(360, 800);

    async Task JourneyAsync(int width, int height)
    {
        var narrow = width < 720;
        var started = DateTime.UtcNow;
        var context = await harness.Chromium.Browser.NewContextAsync(new()
        {
            ViewportSize = new() { Width = width, Height = height },
            AcceptDownloads = true,
            ReducedMotion = ReducedMotion.Reduce,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(20_000);
        var watch = await BrowserWatch.AttachAsync(context, page);
        var shots = new Screenshots(harness.ScreenshotDirectory, width);
        var problems = new List<string>();

        // DevCloud's page: what to do first, the test key to paste, its tables inside their cards.
        await page.GotoAsync(harness.DevCloud.DevCloudUrl.ToString());
        await Assertions.Expect(page.Locator("[data-testid=start-here]")).ToContainTextAsync("Install");
        var testKey = (await page.Locator("[data-testid=stripe-test-key]").InnerTextAsync()).Trim();
        Assert.Equal(harness.DevCloud.Stripe!.RestrictedKey, testKey);
        if (narrow) await page.Locator("input[name=scopes][value='alerts:write']").UncheckAsync();
        await page.ClickAsync("#install-button");
        var row = page.Locator("tr[data-install]").First;
        await Assertions.Expect(row.Locator(".state")).ToHaveTextAsync("active");
        var installedAppId = (await row.GetAttributeAsync("data-install"))!;
        var install = harness.DevCloud.Installs.Single(i => i.InstalledAppId == installedAppId);
        await DevCloudApp.AppConfirmedAsync(harness.DevCloud, install);
        problems.AddRange((await PageLayout.TablesOutsideTheirCardsAsync(page, "section")).Select(p => "DevCloud's page: " + p));
        await shots.PageAsync(page, "devcloud");
        await page.GotoAsync(new Uri(harness.DevCloud.DevCloudUrl, "/stripe").ToString());
        problems.AddRange((await PageLayout.TablesOutsideTheirCardsAsync(page, "section")).Select(p => "DevCloud's Stripe page: " + p));
        await page.GotoAsync(harness.DevCloud.DevCloudUrl.ToString());

        // Launch: the portal on the app's host (localhost) framed by DevCloud's (127.0.0.1).
        await page.Locator($"tr[data-install='{installedAppId}']").Locator("button", new() { HasText = "Launch" }).ClickAsync();
        var frameElement = page.Locator("iframe#portal");
        await Assertions.Expect(frameElement).ToBeVisibleAsync();
        Assert.Equal("localhost", new Uri((await frameElement.GetAttributeAsync("src"))!).Host);
        Assert.Equal("127.0.0.1", new Uri(page.Url).Host);
        var portal = page.FrameLocator("iframe#portal");
        var frame = (await (await frameElement.ElementHandleAsync()).ContentFrameAsync())!;
        var view = new PortalView(page, frame, portal, shots, narrow, problems);

        // Overview, before any key: Sync now says why it cannot run.
        await Assertions.Expect(portal.Locator("#view[data-view=overview]")).ToBeVisibleAsync();
        await Assertions.Expect(portal.Locator("footer")).ToContainTextAsync(installedAppId);
        await Assertions.Expect(portal.Locator("[data-testid=sync-now]")).ToHaveAttributeAsync("aria-disabled", "true");
        await view.CheckAsync("overview-empty");

        // Settings: a malformed key keeps the form, says why next to the field and focuses it.
        await portal.Locator("nav a[data-nav=settings]").ClickAsync();
        var keyInput = portal.Locator("[data-testid=stripe-key-input]");
        await Assertions.Expect(keyInput).ToBeVisibleAsync();
        await keyInput.FocusAsync();
        var inputBorder = await PageLayout.FocusedAsync(frame, "border");
        if (inputBorder.Ratio < 3) problems.Add($"input border {inputBorder}");
        await keyInput.FillAsync("hello");
        await keyInput.PressAsync("Tab");
        var ring = await PageLayout.FocusedAsync(frame);
        Assert.Equal("stripe-connect", ring.Element);
        if (!(ring.Ratio >= 3 && ring.Width >= 2)) problems.Add($"focus ring {ring}");
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(portal.Locator("#stripe-secret-key-error")).ToBeVisibleAsync();
        await Assertions.Expect(portal.Locator("[data-testid=stripe-form]")).ToBeVisibleAsync();
        await Assertions.Expect(keyInput).ToBeFocusedAsync();
        Assert.Equal("true", await keyInput.GetAttributeAsync("aria-invalid"));
        await view.CheckAsync("settings-key-refused", show: "#stripe-panel");

        // The emulated account's test key from DevCloud's page connects; Sync now comes alive.
        await keyInput.FillAsync(testKey);
        await portal.Locator("[data-testid=stripe-connect]").ClickAsync();
        await Assertions.Expect(portal.Locator("[data-testid=stripe-account]")).ToHaveTextAsync(harness.DevCloud.Stripe.AccountId);
        await Assertions.Expect(portal.Locator("[data-testid=stripe-source]")).ToContainTextAsync("this install");
        var syncNow = portal.Locator("[data-testid=sync-now]");
        await Assertions.Expect(syncNow).Not.ToHaveAttributeAsync("aria-disabled", "true");

        // The first run's start: a day in the future is refused (422), focus goes to that field;
        // the last week is saved, which also keeps the journey's sync short.
        var today = DateOnly.FromDateTime(harness.Clock.GetUtcNow().UtcDateTime);
        var firstDay = today.AddDays(-7);
        var backfill = portal.Locator("#backfill_from");
        await backfill.FillAsync(today.AddDays(3).ToString("yyyy-MM-dd"));
        await portal.Locator("[data-testid=settings-save]").ClickAsync();
        await Assertions.Expect(portal.Locator("[data-testid=error-backfill_from]")).ToBeVisibleAsync();
        await Assertions.Expect(backfill).ToBeFocusedAsync();
        await view.CheckAsync("settings-refused", show: "[data-testid=settings-panel]");
        await backfill.FillAsync(firstDay.ToString("yyyy-MM-dd"));
        await portal.Locator("[data-testid=settings-save]").ClickAsync();
        await Assertions.Expect(portal.Locator("[data-testid=settings-saved]")).ToBeVisibleAsync();
        await view.CheckAsync("settings-saved", show: "[data-testid=settings-panel]");

        // Stripe starts a product the app has no rule for: the sync posts it to "other" and says so.
        var unmapped = narrow ? "journey_narrow_product" : "journey_wide_product";
        harness.DevCloud.Stripe.Account.AddUnmappedActivity(unmapped, "usd", 2_500);

        // Sync: the bar moves, only the progress element is swapped, focus stays on what the user chose.
        // Stripe answers slowly, as it does over the internet, so the bar has time to move:
        // the run asks for its first pages, the balance and disputes at once, so a short
        // latency finishes the whole week in about one round trip and the bar is seen only once.
        harness.DevCloud.Stripe.Faults.LatencyMs = 500;
        var syncStarted = DateTime.UtcNow;
        await syncNow.ClickAsync();
        var progress = portal.Locator("[data-testid=sync-progress]");
        await Assertions.Expect(progress).ToBeVisibleAsync();
        var keptFocus = portal.Locator("nav a[data-nav=transactions]");
        await keptFocus.FocusAsync();
        var readings = new List<string>();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            // One read of the bar as it is now (between two swaps), never of two elements at once.
            var reading = await frame.EvaluateAsync<string>("""
                () => {
                  const status = document.querySelector('#sync-bar [data-testid=sync-status]');
                  const p = document.getElementById('sync-progress');
                  if (!status || status.innerText.trim() !== 'Running') return 'finished';
                  if (!p) return '';
                  const text = id => p.querySelector(`[data-testid=${id}]`)?.innerText ?? '';
                  return `${text('sync-phase')} ${text('sync-fetched')} ${text('sync-posted')} ${p.querySelector('progress')?.getAttribute('value') ?? ''}`;
                }
                """);
            if (reading == "finished") break;
            if (reading.Length > 0 && (readings.Count == 0 || readings[^1] != reading))
            {
                readings.Add(reading);
                if (readings.Count == 2) await view.CheckAsync("sync-running", axe: false, show: "#sync-bar");
            }
            await Assertions.Expect(keptFocus).ToBeFocusedAsync(new() { Timeout = 1000 });
            Assert.True(DateTime.UtcNow < deadline, "the run did not finish in time: " + string.Join(" / ", readings));
            await Task.Delay(150);
        }
        harness.DevCloud.Stripe.Faults.LatencyMs = 0;
        output.WriteLine($"{width} px: the sync took {(DateTime.UtcNow - syncStarted).TotalSeconds:0.0} s; progress seen: {string.Join(" / ", readings)}");
        Assert.True(readings.Count >= 2, "the progress bar did not move: " + string.Join(" / ", readings));
        await Assertions.Expect(keptFocus).ToBeFocusedAsync();
        var latest = portal.Locator("#sync-bar [data-testid=sync-latest]");
        await Assertions.Expect(latest.Locator("[data-testid=sync-status]")).ToHaveTextAsync("Succeeded");
        var posted = long.Parse((await latest.Locator("[data-testid=sync-posted]").InnerTextAsync()).Replace(",", ""));
        Assert.True(posted > 0, "the run posted nothing");

        // Overview after the run: reconciliation per currency, the 30 days, the chart.
        await portal.Locator("nav a[data-nav=overview]").ClickAsync();
        await Assertions.Expect(portal.Locator("[data-testid=overview-reconciliation]")).ToContainTextAsync("USD");
        await Assertions.Expect(portal.Locator("[data-testid=overview-activity]")).ToContainTextAsync("USD");
        await view.CheckAsync("overview");

        // The run's detail, from the sync bar.
        await latest.Locator("a", new() { HasText = "Run details" }).ClickAsync();
        await Assertions.Expect(portal.Locator("#view[data-view=runs][data-run-id]")).ToBeVisibleAsync();
        await Assertions.Expect(portal.Locator("[data-testid=run-posted]")).ToHaveTextAsync(posted.ToString("N0", System.Globalization.CultureInfo.InvariantCulture));
        await view.CheckAsync("run-detail", show: "#view");

        // Runs: every run, newest first, each opening its detail.
        await portal.Locator("nav a[data-nav=runs]").ClickAsync();
        await Assertions.Expect(portal.Locator("[data-testid=run-row]").First).ToBeVisibleAsync();
        await view.CheckAsync("runs", show: "#view");

        // Transactions: a search by a charge's Stripe id finds its postings.
        var synced = harness.DevCloud.Stripe.Account.BalanceTransactions
            .Where(t => t.Type == "charge" && t.SourceId is not null && t.Created >= new DateTimeOffset(firstDay.AddDays(1), TimeOnly.MinValue, TimeSpan.Zero).ToUnixTimeSeconds())
            .ToList();
        var charge = synced.LastOrDefault(t => t.Currency == "jpy") ?? synced.Last();
        await portal.Locator("nav a[data-nav=transactions]").ClickAsync();
        await portal.Locator("input[name=q]").FillAsync(charge.SourceId!);
        await portal.Locator("[data-testid=transactions-search]").ClickAsync();
        var rows = portal.Locator("[data-testid=transaction-row]");
        await Assertions.Expect(rows.First).ToBeVisibleAsync();
        await Assertions.Expect(portal.Locator("[data-testid=transaction-stripe-link]", new() { HasText = charge.SourceId! }).First).ToBeVisibleAsync();
        await Assertions.Expect(rows.First.Locator("[data-testid=transaction-reference]")).ToContainTextAsync(charge.Id);
        await Assertions.Expect(rows.First.Locator("[data-testid=transaction-amount]")).ToContainTextAsync(charge.Currency.ToUpperInvariant());
        // Stacked at 360 px, a row without actions shows no "Actions" label beside nothing.
        if (narrow)
            Assert.Equal(0, await portal.Locator("[data-testid=transaction-row] td[data-slot=row-actions]:not(:has(button)):visible").CountAsync());
        await view.CheckAsync("transactions-search", show: "[data-testid=transactions]");

        // Export: the CSV comes through a plain single-use link; the frame stays on the view.
        var download = await page.RunAndWaitForDownloadAsync(() => portal.Locator("[data-testid=transactions-csv]").ClickAsync());
        Assert.Contains("/portal/download?token=", download.Url);
        var csv = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("reference,balance_transaction_id", csv[0]);
        Assert.True(csv.Length > 1 && csv[1..].All(line => line.Contains(charge.Id)), string.Join("\n", csv.Take(3)));
        using (var again = new HttpClient())
            Assert.Equal(HttpStatusCode.Gone, (await again.GetAsync(download.Url)).StatusCode);
        await Assertions.Expect(portal.Locator("#view[data-view=transactions]")).ToBeVisibleAsync();

        // Payouts: one that adds up opens with its categories, and its CSV downloads in the frame.
        await portal.Locator("nav a[data-nav=payouts]").ClickAsync();
        var reconciled = portal.Locator("[data-testid=payout-row]")
            .Filter(new() { Has = portal.Locator("[data-testid=payout-reconciliation]", new() { HasText = "Reconciled" }) });
        await Assertions.Expect(reconciled.First).ToBeVisibleAsync();
        var payoutId = await reconciled.First.GetAttributeAsync("data-payout-id");
        await view.CheckAsync("payouts", show: "#view");
        await reconciled.First.Locator("[data-testid=payout-open]").ClickAsync();
        var payout = portal.Locator($"[data-testid=payout-detail][data-payout-id='{payoutId}']");
        await Assertions.Expect(payout.Locator("[data-testid=payout-category]").First).ToBeVisibleAsync();
        await view.CheckAsync("payout-detail", show: "#view");
        var payoutCsv = await page.RunAndWaitForDownloadAsync(() => payout.Locator("[data-testid=payout-csv]").ClickAsync());
        Assert.Equal($"stripe-payout-{payoutId}.csv", payoutCsv.SuggestedFilename);
        var payoutLines = (await File.ReadAllTextAsync((await payoutCsv.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("payout_id,payout_status,balance_transaction_id", payoutLines[0]);
        Assert.Equal(harness.DevCloud.Stripe.Account.BalanceTransactions.Count(t => t.PayoutId == payoutId && t.Type != "payout"), payoutLines.Length - 1);
        Assert.All(payoutLines[1..], line => Assert.StartsWith(payoutId + ",", line));
        await Assertions.Expect(payout).ToBeVisibleAsync();

        // Alerts: what the sync found, with Cloud's list below.
        await portal.Locator("nav a[data-nav=alerts]").ClickAsync();
        await Assertions.Expect(portal.Locator("[data-testid=alerts-panel]")).ToBeVisibleAsync();
        await Assertions.Expect(portal.Locator("#view h3", new() { HasText = "Found by this app" })).ToBeVisibleAsync();
        await Assertions.Expect(portal.Locator("[data-testid=alert-item]").First).ToBeVisibleAsync();
        await view.CheckAsync("alerts", show: "#view");

        // Repair: the unmapped category gets a rule; what "other" holds moves to the fees balance.
        await portal.Locator("nav a[data-nav=repair]").ClickAsync();
        var category = portal.Locator($"[data-testid=repair-category][data-category='{unmapped}']");
        await category.Locator("[data-testid=repair-balance]").SelectOptionAsync("fees");
        await view.CheckAsync("repair", show: "[data-testid=repair-unmapped]");
        // The answer says what moved; the view then refreshes itself when the repair's run ends.
        var saved = await page.RunAndWaitForResponseAsync(() => category.Locator("[data-testid=repair-save-rule]").ClickAsync(),
            response => response.Request.Method == "POST" && new Uri(response.Url).AbsolutePath == BlnkSliceApp.Features.Repair.RepairRoutes.Rules);
        Assert.Equal(200, saved.Status);
        Assert.Contains($"Saved: &quot;{unmapped}&quot;", await saved.TextAsync());
        await Assertions.Expect(category).ToHaveCountAsync(0);
        await Assertions.Expect(portal.Locator("#sync-bar [data-testid=sync-latest]")).ToBeVisibleAsync();
        await view.CheckAsync("repair-saved", show: "#view");

        // Permissions: what was granted, and at 360 px the alerts:write this install went without.
        await portal.Locator("nav a[data-nav=permissions]").ClickAsync();
        await Assertions.Expect(portal.Locator("[data-testid=permission-data-write]")).ToHaveAttributeAsync("data-granted", "true");
        await Assertions.Expect(portal.Locator("[data-testid=permission-alerts-write]")).ToHaveAttributeAsync("data-granted", narrow ? "false" : "true");
        await view.CheckAsync("permissions", show: "#view");

        // Every htmx request carried the session as a header; the frame had no cookie to send.
        var portalRequests = watch.HtmxRequests.Where(r => new Uri(r.Url).Host == "localhost").ToList();
        Assert.NotEmpty(portalRequests);
        Assert.All(portalRequests, r => Assert.False(string.IsNullOrEmpty(r.Headers.GetValueOrDefault("x-portal-session")), r.Url));
        Assert.DoesNotContain(await context.CookiesAsync(["http://" + harness.DevCloud.AppUrl.Authority]), c => c.Domain.Contains("localhost"));

        // The session expires: the next click lands on the page that says to launch again.
        harness.Clock.Advance(TimeSpan.FromMinutes(16));
        // What the user sees is the point, not the address: a click the browser followed itself
        // (before htmx took the link over) shows the same page under the link's own address.
        await portal.Locator("nav a[data-nav=overview]").ClickAsync();
        await Assertions.Expect(portal.Locator("h1")).ToHaveTextAsync("Your session has expired", new() { Timeout = 30_000 });
        output.WriteLine($"{width} px: the expired session showed at {new Uri(frame.Url).AbsolutePath}");
        await view.CheckAsync("session-ended");

        // Back on DevCloud's page: uninstall; the key was never shown whole.
        await page.GotoAsync(harness.DevCloud.DevCloudUrl.ToString());
        await page.Locator($"tr[data-install='{installedAppId}']").Locator("button", new() { HasText = "Uninstall" }).ClickAsync();
        await Assertions.Expect(page.Locator($"tr[data-install='{installedAppId}'] .state")).ToContainTextAsync("uninstalled");
        Assert.DoesNotContain(install.ApiKey, await page.ContentAsync());

        problems.AddRange(watch.CspViolations.Distinct().Select(v => "CSP: " + v));
        problems.AddRange(watch.ScriptErrors.Distinct().Select(e => "script error: " + e));
        Assert.True(problems.Count == 0, $"{problems.Count} problems at {width} px:\n" + string.Join("\n", problems));
        await context.CloseAsync();
        output.WriteLine($"{width} px: the journey took {(DateTime.UtcNow - started).TotalSeconds:0.0} s");
    }

    /// <summary>The checks every view gets; problems are gathered so one run reports them all.</summary>
    sealed class PortalView(IPage page, IFrame frame, IFrameLocator portal, Screenshots shots, bool narrow, List<string> problems)
    {
        public List<string> Problems => problems;

        /// <param name="show">What the screenshot is about: scrolled to the top of the frame first.</param>
        public async Task CheckAsync(string name, bool axe = true, string? show = null)
        {
            await frame.EvaluateAsync("selector => selector ? document.querySelector(selector)?.scrollIntoView({ block: 'start' }) : window.scrollTo(0, 0)", show);
            await shots.FrameAsync(page, name);
            if (await portal.Locator("h1").CountAsync() != 1)
                Problems.Add($"{name}: {await portal.Locator("h1").CountAsync()} h1 elements");
            if (axe)
                Problems.AddRange((await Axe.SeriousViolationsAsync(frame)).Select(v => $"{name}: {v}"));
            if (narrow)
                Problems.AddRange((await PageLayout.CutOrOutsideAsync(frame)).Select(p => $"{name}: {p}"));
        }
    }

    sealed class Screenshots(string directory, int width)
    {
        public Task FrameAsync(IPage page, string name) =>
            page.Locator("iframe#portal").ScreenshotAsync(new() { Path = PathOf(name), Animations = ScreenshotAnimations.Disabled });

        public Task PageAsync(IPage page, string name) =>
            page.ScreenshotAsync(new() { Path = PathOf(name), FullPage = true });

        string PathOf(string name) => Path.Combine(directory, $"{width}-{name}.png");
    }
}
