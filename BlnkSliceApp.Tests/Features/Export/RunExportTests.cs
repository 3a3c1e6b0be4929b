using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;
using static BlnkSliceApp.Tests.Features.SyncNow.PortalRequests;

namespace BlnkSliceApp.Tests.Features.Export;

/// <summary>The CSV of one run's postings, asked for from its run detail and fetched through a single-use link.</summary>
public sealed class RunExportTests(AppFactory app) : AppTests(app)
{
    static readonly DateTimeOffset Start = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    async Task<(InstallEvent Install, string Session)> OpenAsync()
    {
        var install = await Client.CreateInstallAsync();
        return (install, await Client.OpenPortalSessionAsync(install));
    }

    SyncRunRecord Run(InstallEvent install)
    {
        var run = new SyncRunRecord
        {
            RunId = "run_" + Guid.NewGuid().ToString("N"),
            InstalledAppId = install.InstalledAppId,
            Trigger = SyncTrigger.Manual,
            Status = SyncRunStatus.Succeeded,
            StartedAt = Start.ToUnixTimeMilliseconds(),
            EndedAt = Start.AddMinutes(1).ToUnixTimeMilliseconds(),
        };
        App.Service<AppDatabase>().Collection<SyncRunRecord>(SyncRunRecord.Collection).Insert(run);
        return run;
    }

    SyncItemRecord Settled(InstallEvent install, SyncRunRecord? run, string txn, long amount, DateTimeOffset created,
        SyncItemState state = SyncItemState.Posted, string currency = "USD")
    {
        var item = SyncedItems.Item(install.InstalledAppId, "charge", currency, amount, LedgerRole.Stripe, LedgerRole.Unattributed, created, state,
            balanceTransactionId: txn);
        item.SettledByRun = run?.RunId;
        App.Service<AppDatabase>().Store([item]);
        return item;
    }

    async Task<(HttpResponseMessage Ask, string Link)> AskAsync(string path, string? session)
    {
        var ask = await Client.SendAsync(HtmxPost(path, session));
        return (ask, ask.Headers.TryGetValues("HX-Redirect", out var links) ? links.Single() : "");
    }

    [Fact]
    public async Task The_CSV_of_a_run_holds_every_posting_it_settled_and_nothing_another_run_settled()
    {
        var (install, session) = await OpenAsync();
        var run = Run(install);
        var earlier = Run(install);
        Settled(install, run, "txn_posted", 1_234, Start);
        Settled(install, run, "txn_refused", 500, Start.AddMinutes(1), SyncItemState.Rejected, currency: "JPY");
        Settled(install, run, "txn_present", 900, Start.AddMinutes(2), SyncItemState.AlreadyPresent);
        Settled(install, earlier, "txn_earlier", 700, Start.AddMinutes(3));
        Settled(install, null, "txn_waiting", 800, Start.AddMinutes(4), SyncItemState.Planned);

        var (ask, link) = await AskAsync($"/portal/export/runs/{run.RunId}", session);
        var download = await Client.GetAsync(link);
        var lines = (await download.Content.ReadAsStringAsync()).Split("\r\n");

        Assert.Equal(HttpStatusCode.NoContent, ask.StatusCode);
        Assert.StartsWith("/portal/download?token=", link);
        Assert.DoesNotContain(session, link);
        Assert.Equal("text/csv", download.Content.Headers.ContentType!.MediaType);
        Assert.Equal("stripe-run-20260302-120000.csv", download.Content.Headers.ContentDisposition!.FileNameStar);
        Assert.StartsWith("reference,balance_transaction_id,part,created_utc,", lines[0]);
        Assert.StartsWith("stripe:txn_posted,txn_posted,amount,2026-03-02T12:00:00Z,charge,,,,,USD,1234,12.34,in,", lines[1]);
        Assert.Contains(",JPY,500,500,", lines[2]);
        Assert.Contains(",refused,", lines[2]);
        Assert.StartsWith("stripe:txn_present,", lines[3]);
        Assert.Equal([""], lines[4..]);
    }

    [Fact]
    public async Task A_run_of_thousands_of_postings_comes_whole_and_in_Stripe_order()
    {
        var (install, session) = await OpenAsync();
        var run = Run(install);
        var items = Enumerable.Range(0, 1_234).Select(i =>
        {
            var item = SyncedItems.Item(install.InstalledAppId, "charge", "EUR", i + 1, LedgerRole.Stripe, LedgerRole.Unattributed, Start.AddSeconds(i),
                balanceTransactionId: $"txn_{i:D6}");
            item.SettledByRun = run.RunId;
            return item;
        }).ToArray();
        App.Service<AppDatabase>().Store(items);

        var (_, link) = await AskAsync($"/portal/export/runs/{run.RunId}", session);
        var rows = (await (await Client.GetAsync(link)).Content.ReadAsStringAsync()).Split("\r\n")[1..^1];

        Assert.Equal(1_234, rows.Length);
        Assert.Equal(Enumerable.Range(0, 1_234).Select(i => $"stripe:txn_{i:D6}"), rows.Select(row => row.Split(',')[0]));
    }

    [Fact]
    public async Task A_run_this_install_does_not_have_gets_a_message_and_no_link()
    {
        var (_, session) = await OpenAsync();
        var (other, _) = await OpenAsync();
        var theirs = Run(other);

        var (unknown, noLink) = await AskAsync("/portal/export/runs/run_nope", session);
        var (foreign, foreignLink) = await AskAsync($"/portal/export/runs/{theirs.RunId}", session);

        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.Equal("", noLink + foreignLink);
        Assert.Contains("This run does not exist for this install", await foreign.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_a_portal_session_no_link_is_made()
    {
        var (install, _) = await OpenAsync();
        var run = Run(install);

        var (ask, link) = await AskAsync($"/portal/export/runs/{run.RunId}", session: null);

        Assert.Equal(HttpStatusCode.Unauthorized, ask.StatusCode);
        Assert.DoesNotContain("/portal/download", link);
    }

    [Fact]
    public async Task The_run_detail_offers_the_CSV_of_its_run()
    {
        var (install, session) = await OpenAsync();
        var run = Run(install);

        var response = await Client.SendAsync(PortalPages.HtmxGet($"/portal/runs/{run.RunId}", session));
        var html = Html.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal($"/portal/export/runs/{run.RunId}", html.ByTestId("run-csv")!.GetAttribute("hx-post"));
    }
}
