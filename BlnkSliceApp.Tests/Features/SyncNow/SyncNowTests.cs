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
        var document = Html.Parse(html);
        Assert.Equal("true", document.ByTestId("sync-now")!.GetAttribute("aria-disabled"));
        Assert.Contains("running", document.TextOf("sync-unavailable"));
        Assert.Equal("sync-now-reason", document.ByTestId("sync-now")!.GetAttribute("aria-describedby"));
        Assert.DoesNotContain("<html", html);
    }

    [Fact]
    public async Task A_started_run_raises_sync_started_so_the_runs_view_refreshes()
    {
        var (_, session) = await OpenAsync();

        var response = await _client.SendAsync(HtmxPost("/portal/sync", session));

        Assert.Equal("sync-started", response.Headers.GetValues("HX-Trigger").Single());
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
    [InlineData(SyncStartRefusal.NoStripeKey, "Connect a Stripe account first: enter a Stripe secret or restricted key under Settings.", HttpStatusCode.Conflict)]
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
    public async Task A_read_only_install_sees_Sync_now_disabled_naming_the_missing_scope_and_its_press_is_refused_without_reaching_the_launcher()
    {
        var (install, session) = await OpenAsync("data:read");

        var (panelStatus, panel) = await _client.FetchAsync(PortalPages.HtmxGet("/portal/sync", session));
        var (status, html) = await _client.FetchAsync(HtmxPost("/portal/sync", session));

        Assert.Equal(HttpStatusCode.OK, panelStatus);
        var button = Html.Parse(panel).ByTestId("sync-now")!;
        Assert.Equal("true", button.GetAttribute("aria-disabled"));
        Assert.Null(button.GetAttribute("hx-post"));
        Assert.Equal("Syncing needs the data:write permission, which this install was not granted (see Permissions).", TestIdText(panel, "sync-unavailable"));
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Contains("data:write", TestIdText(html, "sync-refusal"));
        Assert.Equal(0, app.Launcher.StartsOf(install.InstalledAppId));
    }

    [Fact]
    public async Task Only_the_progress_element_polls_while_the_run_is_going_and_its_last_answer_raises_sync_finished()
    {
        var (install, session) = await OpenAsync();
        await _client.FetchAsync(HtmxPost("/portal/sync", session));
        var run = LatestRunOf(install);

        var (_, bar) = await _client.FetchAsync(PortalPages.HtmxGet("/portal/sync", session));
        var progress = Html.Parse(bar).QuerySelector("#sync-progress")!;
        Assert.Equal("every 1s", progress.GetAttribute("hx-trigger"));
        Assert.Equal("outerHTML", progress.GetAttribute("hx-swap"));
        Assert.Equal($"/portal/sync/progress?run={run.RunId}", progress.GetAttribute("hx-get"));
        Assert.Equal("polite", Html.Parse(bar).QuerySelector(".sync-live")!.GetAttribute("aria-live"));
        Assert.DoesNotContain("every 1s", Html.Parse(bar).QuerySelector("#sync-bar")!.GetAttribute("hx-trigger"));

        var polled = await _client.SendAsync(PortalPages.HtmxGet($"/portal/sync/progress?run={run.RunId}", session));
        var polledHtml = await polled.Content.ReadAsStringAsync();
        Assert.StartsWith("<div id=\"sync-progress\"", polledHtml.TrimStart());
        Assert.False(polled.Headers.Contains("HX-Trigger"));

        run.Phase = "Posting to the ledger";
        run.Counts.Posted = 3;
        app.Runs.Save(run);
        var posting = Html.Parse(await (await _client.SendAsync(PortalPages.HtmxGet($"/portal/sync/progress?run={run.RunId}", session))).Content.ReadAsStringAsync());
        Assert.Equal("Posting to the ledger", posting.TextOf("sync-phase"));
        Assert.NotNull(posting.QuerySelector("progress[max='100']"));
        Assert.Equal(2, posting.QuerySelectorAll(".step-done").Length);

        app.Runs.Finish(run, SyncRunStatus.Succeeded);
        var finished = await _client.SendAsync(PortalPages.HtmxGet($"/portal/sync/progress?run={run.RunId}", session));
        var finishedHtml = Html.Parse(await finished.Content.ReadAsStringAsync());
        Assert.Equal("sync-finished", finished.Headers.GetValues("HX-Trigger").Single());
        Assert.Equal("Succeeded", finishedHtml.TextOf("sync-status"));
        Assert.Null(finishedHtml.QuerySelector("#sync-progress")!.GetAttribute("hx-trigger"));
        Assert.Equal(4, finishedHtml.QuerySelectorAll(".step-done").Length);
    }

    [Fact]
    public async Task The_progress_of_another_install_s_run_is_a_404_in_place()
    {
        var (_, sessionA) = await OpenAsync();
        var (installB, _) = await OpenAsync();
        var runOfB = app.Runs.Create(installB.InstalledAppId, SyncTrigger.Manual);

        var (status, html) = await _client.FetchAsync(PortalPages.HtmxGet($"/portal/sync/progress?run={runOfB.RunId}", sessionA));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.NotNull(Html.Parse(html).ByTestId("sync-progress-unknown"));
        Assert.DoesNotContain(runOfB.RunId, html);
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

        var (_, bar) = await _client.FetchAsync(PortalPages.HtmxGet("/portal/sync", session));
        Assert.Equal("Failed", TestIdText(bar, "sync-status"));
        Assert.Equal("1,234", TestIdText(bar, "sync-posted"));

        var (_, html) = await _client.FetchAsync(PortalPages.HtmxGet($"/portal/runs/{run.RunId}", session));

        Assert.Equal("Failed", TestIdText(html, "run-status"));
        Assert.Equal("1,500", TestIdText(html, "run-fetched"));
        Assert.Equal("1,234", TestIdText(html, "run-posted"));
        Assert.Equal("250", TestIdText(html, "run-already-present"));
        Assert.Equal("16", TestIdText(html, "run-failed"));
        Assert.Equal("7", TestIdText(html, "run-customers-linked"));
        Assert.Equal("3", TestIdText(html, "run-customers-created"));
        Assert.Equal("Schedule", TestIdText(html, "run-trigger"));
        Assert.Equal("16 posting(s) were refused by Blnk; see the alerts.", TestIdText(html, "run-errors"));
        var totals = TestIdText(html, "run-totals")!;
        Assert.Contains("Charge USD 1,200 1,234.56 USD", totals);
        Assert.Contains("Refund failure JPY 2 5,000 JPY", totals);
        Assert.Contains("Fee KWD 1 -1.234 KWD", totals);
        var reconciliation = TestIdText(html, "reconciliation")!;
        Assert.Contains("USD 1,000.00 USD 1,000.00 USD 0.00 USD Matches", reconciliation);
        Assert.Contains("EUR 50.00 EUR 49.50 EUR 0.50 EUR Mismatch", reconciliation);
        Assert.Contains("UTC", html);
        Assert.NotNull(Html.Parse(html).QuerySelector("time[data-local][datetime][title$='UTC']"));
    }

    [Fact]
    public async Task The_runs_view_lists_every_run_newest_first_25_a_page()
    {
        var (install, session) = await OpenAsync();
        var ids = new List<string>();
        for (var i = 0; i < 30; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(2));
            var run = app.Runs.Create(install.InstalledAppId, i == 29 ? SyncTrigger.Manual : SyncTrigger.Schedule);
            app.Runs.Finish(run, SyncRunStatus.Succeeded);
            ids.Add(run.RunId);
        }
        ids.Reverse();

        var (_, first, _) = await _client.GetHtmlAsync(PortalPages.HtmxGet("/portal/runs", session));
        var (_, second, _) = await _client.GetHtmlAsync(PortalPages.HtmxGet("/portal/runs?page=2", session));

        Assert.Equal(ids.Take(25), first.AllByTestId("run-row").Select(row => row.GetAttribute("data-run-id")));
        Assert.Equal(ids.Skip(25), second.AllByTestId("run-row").Select(row => row.GetAttribute("data-run-id")));
        Assert.Equal("Page 1 of 2 Older", Html.Clean(string.Join(" ", first.ByTestId("runs-pager")!.Children.Select(child => child.TextContent))));
        Assert.Equal("/portal/runs?page=2", first.ByTestId("runs-older")!.GetAttribute("hx-get"));
        Assert.Equal("/portal/runs", second.ByTestId("runs-newer")!.GetAttribute("hx-get"));
        Assert.Null(second.ByTestId("runs-older"));
        Assert.Equal($"/portal/runs/{ids[0]}", first.ByTestId("run-open")!.GetAttribute("hx-get"));
        Assert.Contains("Sync now", first.QuerySelector("[data-testid=run-row] td[data-label=By]")!.TextContent);
        Assert.NotNull(first.QuerySelector("[data-testid=run-row] time[data-local][title]"));
    }

    [Fact]
    public async Task A_run_of_another_install_is_not_found_in_place()
    {
        var (_, sessionA) = await OpenAsync();
        var (installB, _) = await OpenAsync();
        var runOfB = app.Runs.Create(installB.InstalledAppId, SyncTrigger.Manual);

        var (status, document, _) = await _client.GetHtmlAsync(PortalPages.HtmxGet($"/portal/runs/{runOfB.RunId}", sessionA));

        Assert.Equal(HttpStatusCode.NotFound, status);
        Assert.Contains("does not exist for this install", document.TextOf("view-missing"));
        Assert.DoesNotContain(runOfB.RunId, document.DocumentElement.OuterHtml);
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
            (await _client.FetchAsync(PortalPages.HtmxGet("/portal/runs", session))).Html,
            (await _client.FetchAsync(PortalPages.HtmxGet("/portal/overview", session))).Html,
            (await _client.FetchAsync(PortalPages.HtmxGet("/portal/permissions", session))).Html,
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
    [InlineData("GET", "/portal/overview")]
    [InlineData("GET", "/portal/runs")]
    [InlineData("GET", "/portal/permissions")]
    [InlineData("GET", "/portal/sync/progress?run=x")]
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
