using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Runs;
using static BlnkSliceApp.Tests.Features.SyncNow.PortalRequests;

namespace BlnkSliceApp.Tests.Features.SyncNow;

public sealed class SyncNowTests(SyncNowAppFactory app) : IClassFixture<SyncNowAppFactory>
{
    readonly HttpClient _client = app.CreateClient();

    async Task<(InstallEvent Install, string Session)> OpenAsync(params string[] scopes)
    {
        var install = await _client.CreateInstallAsync(scopes.Length == 0 ? ["data:read", "data:write"] : scopes);
        return (install, await _client.OpenPortalSessionAsync(install));
    }

    SyncRunRecord LatestRunOf(InstallEvent install) =>
        app.Service<AppDatabase>().Collection<SyncRunRecord>(SyncRunRecord.Collection)
            .Find(run => run.InstalledAppId == install.InstalledAppId).OrderByDescending(run => run.StartedAt).First();

    [Fact]
    public async Task Sync_now_starts_a_manual_run_and_answers_at_once_with_the_panel_showing_it_running()
    {
        var (install, session) = await OpenAsync();

        var (status, html) = await _client.FetchAsync(HtmxPost("/portal/sync", session));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal([(install.InstalledAppId, SyncTrigger.Manual)], app.Launcher.Starts.Where(s => s.InstalledAppId == install.InstalledAppId));
        Assert.Contains("data-testid=\"sync-panel\"", html);
        Assert.Equal("Running", TestIdText(html, "sync-status"));
        Assert.Equal("Reading Stripe", TestIdText(html, "sync-phase"));
        Assert.Equal("Sync now", TestIdText(html, "sync-trigger"));
        Assert.DoesNotContain("<html", html);
    }

    [Fact]
    public async Task A_second_press_while_a_run_is_going_shows_that_run_with_a_note_and_starts_nothing_new()
    {
        var (install, session) = await OpenAsync();
        await _client.FetchAsync(HtmxPost("/portal/sync", session));
        var first = LatestRunOf(install);

        var (status, html) = await _client.FetchAsync(HtmxPost("/portal/sync", session));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(first.RunId, LatestRunOf(install).RunId);
        Assert.Single(app.Service<AppDatabase>().Collection<SyncRunRecord>(SyncRunRecord.Collection).Find(r => r.InstalledAppId == install.InstalledAppId));
        Assert.Contains($"data-run-id=\"{first.RunId}\"", html);
        Assert.Equal("Running", TestIdText(html, "sync-status"));
        Assert.Contains("already running", TestIdText(html, "sync-note"));
    }

    [Theory]
    [InlineData(SyncStartRefusal.NoStripeKey, "Connect a Stripe account first: enter a Stripe secret or restricted key under Stripe connection.", HttpStatusCode.Conflict)]
    [InlineData(SyncStartRefusal.MissingPermission, "Syncing needs the data:read and data:write permissions.", HttpStatusCode.Forbidden)]
    [InlineData(SyncStartRefusal.NotInstalled, "The app is shutting down; try again in a moment.", HttpStatusCode.ServiceUnavailable)]
    public async Task A_refused_start_answers_the_panel_with_the_reason_and_a_fitting_status(SyncStartRefusal refusal, string message, HttpStatusCode expected)
    {
        var (install, session) = await OpenAsync();
        app.Launcher.Refusals[install.InstalledAppId] = (refusal, message);

        var (status, html) = await _client.FetchAsync(HtmxPost("/portal/sync", session));

        Assert.Equal(expected, status);
        Assert.Equal(message, TestIdText(html, "sync-refusal"));
        Assert.Contains("data-testid=\"sync-panel\"", html);
        Assert.Contains("data-testid=\"sync-now\"", html);
        Assert.Contains("role=\"alert\"", html);
    }

    [Fact]
    public async Task A_refusal_without_words_from_the_launcher_still_reads_as_a_sentence()
    {
        var (install, session) = await OpenAsync();
        app.Launcher.Refusals[install.InstalledAppId] = (SyncStartRefusal.NoStripeKey, "");

        var (status, html) = await _client.FetchAsync(HtmxPost("/portal/sync", session));

        Assert.Equal(HttpStatusCode.Conflict, status);
        Assert.Contains("Connect a Stripe account first", TestIdText(html, "sync-refusal"));
    }

    [Fact]
    public async Task A_read_only_install_sees_no_Sync_now_button_and_its_press_is_refused_without_reaching_the_launcher()
    {
        var (install, session) = await OpenAsync("data:read");

        var (panelStatus, panel) = await _client.FetchAsync(PortalPages.HtmxGet("/portal/sync", session));
        var (status, html) = await _client.FetchAsync(HtmxPost("/portal/sync", session));

        Assert.Equal(HttpStatusCode.OK, panelStatus);
        Assert.DoesNotContain("data-testid=\"sync-now\"", panel);
        Assert.Contains("data:write", TestIdText(panel, "sync-unavailable"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("data:write", TestIdText(html, "sync-refusal"));
        Assert.Equal(0, app.Launcher.StartsOf(install.InstalledAppId));
    }

    [Fact]
    public async Task The_panel_polls_itself_while_the_run_is_going_and_stops_once_it_has_finished()
    {
        var (install, session) = await OpenAsync();
        await _client.FetchAsync(HtmxPost("/portal/sync", session));

        var (_, running) = await _client.FetchAsync(PortalPages.HtmxGet("/portal/sync", session));
        app.Runs.Finish(LatestRunOf(install), SyncRunStatus.Succeeded);
        var (_, finished) = await _client.FetchAsync(PortalPages.HtmxGet("/portal/sync", session));

        Assert.Contains("hx-trigger=\"every 1s\"", running);
        Assert.Contains("hx-get=\"/portal/sync\"", running);
        Assert.Equal("Succeeded", TestIdText(finished, "sync-status"));
        Assert.DoesNotContain("hx-trigger", finished);
    }

    [Fact]
    public async Task A_finished_run_shows_its_counts_totals_reconciliation_and_errors_in_readable_form()
    {
        var (install, session) = await OpenAsync();
        var run = app.Runs.Create(install.InstalledAppId, SyncTrigger.Schedule);
        run.Counts = new SyncCounts { Fetched = 1500, Posted = 1234, AlreadyPresent = 250, Failed = 16, CustomersLinked = 7, CustomersCreated = 3 };
        run.Totals =
        [
            new CategoryTotal { Category = "charge", Currency = "USD", Count = 1200, PreciseAmount = 123456, Precision = 100 },
            new CategoryTotal { Category = "refund_failure", Currency = "JPY", Count = 2, PreciseAmount = 5000, Precision = 1 },
            new CategoryTotal { Category = "fee", Currency = "KWD", Count = 1, PreciseAmount = -1234, Precision = 1000 },
        ];
        run.Reconciliation =
        [
            new ReconciliationLine { Currency = "USD", Precision = 100, StripeAmount = 100000, LedgerAmount = 100000 },
            new ReconciliationLine { Currency = "EUR", Precision = 100, StripeAmount = 5000, LedgerAmount = 4950, AlertId = "anom_1" },
        ];
        app.Runs.Finish(run, SyncRunStatus.Failed, "16 posting(s) were refused by Blnk; see the alerts.");

        var (_, html) = await _client.FetchAsync(PortalPages.HtmxGet("/portal/sync", session));

        Assert.Equal("Failed", TestIdText(html, "sync-status"));
        Assert.Equal("1,500", TestIdText(html, "sync-fetched"));
        Assert.Equal("1,234", TestIdText(html, "sync-posted"));
        Assert.Equal("250", TestIdText(html, "sync-already-present"));
        Assert.Equal("16", TestIdText(html, "sync-failed"));
        Assert.Equal("7", TestIdText(html, "sync-customers-linked"));
        Assert.Equal("3", TestIdText(html, "sync-customers-created"));
        Assert.Equal("Schedule", TestIdText(html, "sync-trigger"));
        Assert.Equal("16 posting(s) were refused by Blnk; see the alerts.", TestIdText(html, "sync-errors"));
        var totals = TestIdText(html, "sync-totals")!;
        Assert.Contains("Charge USD 1,200 1,234.56 USD", totals);
        Assert.Contains("Refund failure JPY 2 5,000 JPY", totals);
        Assert.Contains("Fee KWD 1 -1.234 KWD", totals);
        var reconciliation = TestIdText(html, "reconciliation")!;
        Assert.Contains("USD 1,000.00 USD 1,000.00 USD 0.00 USD Matches", reconciliation);
        Assert.Contains("EUR 50.00 EUR 49.50 EUR 0.50 EUR Mismatch", reconciliation);
        Assert.Contains("UTC", html);
    }

    [Fact]
    public async Task The_history_lists_the_last_ten_runs_newest_first()
    {
        var (install, session) = await OpenAsync();
        for (var i = 0; i < 12; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            var run = app.Runs.Create(install.InstalledAppId, i == 11 ? SyncTrigger.Manual : SyncTrigger.Schedule);
            app.Runs.Finish(run, SyncRunStatus.Succeeded);
        }

        var (_, html) = await _client.FetchAsync(PortalPages.HtmxGet("/portal/sync", session));

        Assert.Equal(10, CountTestId(html, "run-history-item"));
        var history = html[html.IndexOf("data-testid=\"run-history\"", StringComparison.Ordinal)..];
        var firstRow = history[history.IndexOf("run-history-item", StringComparison.Ordinal)..];
        Assert.StartsWith("Sync now", TestIdText(html, "sync-trigger"));
        Assert.Contains("just now", firstRow[..firstRow.IndexOf("</tr>", StringComparison.Ordinal)]);
    }

    [Fact]
    public async Task The_panel_of_one_install_never_shows_the_runs_of_another()
    {
        var (installA, sessionA) = await OpenAsync();
        var (installB, _) = await OpenAsync();
        var runOfB = app.Runs.Create(installB.InstalledAppId, SyncTrigger.Manual);

        var (_, html) = await _client.FetchAsync(PortalPages.HtmxGet("/portal/sync", sessionA));

        Assert.DoesNotContain(runOfB.RunId, html);
        Assert.Contains("data-testid=\"sync-never\"", html);
        Assert.NotEqual(installA.InstalledAppId, installB.InstalledAppId);
    }

    [Fact]
    public async Task No_fragment_of_the_portal_holds_a_secret()
    {
        var (install, session) = await OpenAsync("data:read", "data:write", "alerts:read", "alerts:write");
        await _client.FetchAsync(HtmxPost("/portal/sync", session));
        app.Launcher.Refusals[install.InstalledAppId] = (SyncStartRefusal.NoStripeKey, "Connect a Stripe account first.");

        var fragments = new List<string>
        {
            (await _client.FetchAsync(PortalPages.HtmxGet("/portal", session))).Html,
            (await _client.FetchAsync(PortalPages.HtmxGet("/portal/sync", session))).Html,
            (await _client.FetchAsync(HtmxPost("/portal/sync", session))).Html,
            (await _client.FetchAsync(PortalPages.HtmxGet("/portal/settings", session))).Html,
            (await _client.FetchAsync(HtmxPost("/portal/settings", session, [new("stripe_indicator", "bad")]))).Html,
            (await _client.FetchAsync(PortalPages.HtmxGet("/portal/alerts", session))).Html,
        };

        foreach (var html in fragments)
        {
            Assert.Contains("data-testid", html);
            Assert.DoesNotContain(install.ApiKey, html);
            Assert.DoesNotContain(session, html);
            Assert.DoesNotContain(SyncNowAppFactory.StripeSecretKey, html);
            Assert.DoesNotContain("sk_test_", html);
        }
        Assert.DoesNotContain(app.Logs.Lines, line => line.Contains(session) || line.Contains(SyncNowAppFactory.StripeSecretKey));
    }

    [Theory]
    [InlineData("GET", "/portal/sync")]
    [InlineData("POST", "/portal/sync")]
    [InlineData("GET", "/portal/settings")]
    [InlineData("POST", "/portal/settings")]
    [InlineData("GET", "/portal/alerts")]
    public async Task Every_panel_refuses_a_request_without_a_valid_portal_session(string method, string path)
    {
        var (install, session) = await OpenAsync();
        var before = app.Launcher.StartsOf(install.InstalledAppId);

        foreach (var token in new[] { null, "garbage", session + "x" })
        {
            var request = method == "GET" ? PortalPages.HtmxGet(path, token) : HtmxPost(path, token, [new("stripe_indicator", "@mine")]);
            var response = await _client.SendAsync(request);

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.StartsWith("/portal/session-ended", response.Headers.GetValues("HX-Redirect").Single());
        }
        Assert.Equal(before, app.Launcher.StartsOf(install.InstalledAppId));
    }

    [Fact]
    public async Task An_uninstalled_install_cannot_start_a_sync_with_its_old_session()
    {
        var (install, session) = await OpenAsync();
        (await app.UninstallAsync(install, _client)).EnsureSuccessStatusCode();

        var response = await _client.SendAsync(HtmxPost("/portal/sync", session));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(0, app.Launcher.StartsOf(install.InstalledAppId));
    }
}
