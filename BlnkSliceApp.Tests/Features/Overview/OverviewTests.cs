using BlnkSliceApp.Features.Overview;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Tests.Features.Overview;

public sealed class OverviewTests(AppFactory app) : AppTests(app)
{
    AppDatabase Database => App.Service<AppDatabase>();

    async Task<(InstallEvent Install, string Session)> OpenAsync(params string[] scopes)
    {
        var install = await Client.CreateInstallAsync(scopes);
        return (install, await Client.OpenPortalSessionAsync(install));
    }

    /// <summary>The figures are kept until a run or a repair changes the data; items written by hand need this.</summary>
    void Changed(InstallEvent install) => App.Service<ActivityFigures>().Invalidate(install.InstalledAppId);

    [Fact]
    public async Task The_last_30_days_are_summed_per_currency_by_kind_in_each_currency_s_own_format()
    {
        var (install, session) = await OpenAsync();
        var id = install.InstalledAppId;
        var now = App.Clock.GetUtcNow();
        Database.Store(
            SyncedItems.Item(id, "charge", "USD", 10_000, LedgerRole.Stripe, LedgerRole.Customer, now.AddDays(-1)),
            SyncedItems.Item(id, "charge", "USD", 320, LedgerRole.Fees, LedgerRole.Stripe, now.AddDays(-1), sequence: 1),
            SyncedItems.Item(id, "refund", "USD", 2_000, LedgerRole.Customer, LedgerRole.Stripe, now.AddDays(-2)),
            SyncedItems.Item(id, "dispute", "USD", 1_500, LedgerRole.Customer, LedgerRole.Stripe, now.AddDays(-3), state: SyncItemState.AlreadyPresent),
            SyncedItems.Item(id, "payout", "USD", 5_000, LedgerRole.Payouts, LedgerRole.Stripe, now.AddDays(-4)),
            SyncedItems.Item(id, "climate_order", "USD", 100, LedgerRole.Other, LedgerRole.Stripe, now.AddDays(-5), unmapped: true),
            SyncedItems.Item(id, "charge", "USD", 99_999, LedgerRole.Stripe, LedgerRole.Customer, now.AddDays(-40)),
            SyncedItems.Item(id, "charge", "USD", 77_777, LedgerRole.Stripe, LedgerRole.Customer, now.AddDays(-1), state: SyncItemState.Rejected),
            SyncedItems.Item(id, "charge", "USD", 66_666, LedgerRole.Stripe, LedgerRole.Customer, now.AddDays(-1), state: SyncItemState.Planned),
            SyncedItems.Item(id, "opening_balance", "USD", 55_555, LedgerRole.Stripe, LedgerRole.Opening, now.AddDays(-29)),
            SyncedItems.Item(id, "charge", "JPY", 5_000, LedgerRole.Stripe, LedgerRole.Customer, now.AddHours(-1)),
            SyncedItems.Item(id, "charge", "KWD", 1_234, LedgerRole.Stripe, LedgerRole.Unattributed, now.AddHours(-2)));
        Changed(install);

        var (status, view, _) = await Client.GetHtmlAsync(PortalPages.HtmxGet("/portal/overview", session));

        Assert.Equal(HttpStatusCode.OK, status);
        var usd = view.ByTestId("activity-usd")!;
        Assert.Equal("100.00 USD", usd.TextOf("payins"));
        Assert.Equal("-20.00 USD", usd.TextOf("refunds"));
        Assert.Equal("-15.00 USD", usd.TextOf("disputes"));
        Assert.Equal("-3.20 USD", usd.TextOf("fees"));
        Assert.Equal("-50.00 USD", usd.TextOf("payouts"));
        Assert.Equal("-1.00 USD", usd.TextOf("other"));
        Assert.Equal("10.80 USD", usd.TextOf("net"));
        Assert.Equal("5,000 JPY", view.ByTestId("activity-jpy")!.TextOf("payins"));
        Assert.Equal("1.234 KWD", view.ByTestId("activity-kwd")!.TextOf("net"));
        Assert.Equal("activity-usd", view.QuerySelector("[data-testid=activity-table] tbody tr")!.GetAttribute("data-testid"));
    }

    [Fact]
    public async Task The_chart_is_an_accessible_svg_with_its_numbers_as_a_table()
    {
        var (install, session) = await OpenAsync();
        var now = App.Clock.GetUtcNow();
        Database.Store(
            SyncedItems.Item(install.InstalledAppId, "charge", "EUR", 4_200, LedgerRole.Stripe, LedgerRole.Customer, now),
            SyncedItems.Item(install.InstalledAppId, "refund", "EUR", 1_000, LedgerRole.Customer, LedgerRole.Stripe, now.AddDays(-3)));
        Changed(install);

        var (_, view, _) = await Client.GetHtmlAsync(PortalPages.HtmxGet("/portal/overview", session));

        var chart = view.ByTestId("chart-eur")!;
        var svg = chart.QuerySelector("svg[role=img]")!;
        var labelled = svg.GetAttribute("aria-labelledby")!.Split(' ');
        Assert.Equal("Daily volume in EUR, last 30 days", chart.QuerySelector($"#{labelled[0]}")!.TextContent);
        Assert.Equal("title", chart.QuerySelector($"#{labelled[0]}")!.LocalName);
        Assert.Contains("42.00 EUR", chart.QuerySelector($"#{labelled[1]}")!.TextContent);
        Assert.Equal(2, svg.QuerySelectorAll("rect.chart-bar").Count(bar => bar.GetAttribute("height") != "0"));
        var rows = view.ByTestId("chart-eur-table")!.QuerySelectorAll("tbody tr");
        Assert.Equal(ActivitySummary.Days, rows.Length);
        Assert.Equal("42.00 EUR", Html.Clean(rows[^1].QuerySelector("td.num")!.TextContent));
        Assert.Equal("10.00 EUR", Html.Clean(rows[^4].QuerySelector("td.num")!.TextContent));
        Assert.Empty(view.QuerySelectorAll("script"));
        Assert.Empty(view.QuerySelectorAll("[style]"));
    }

    [Fact]
    public async Task A_re_classification_between_the_ledger_s_own_balances_is_not_counted_as_activity()
    {
        var (install, session) = await OpenAsync();
        var now = App.Clock.GetUtcNow();
        var unmapped = SyncedItems.Item(install.InstalledAppId, "climate_order", "EUR", 700, LedgerRole.Other, LedgerRole.Stripe, now, unmapped: true);
        var moved = SyncedItems.Item(install.InstalledAppId, "climate_order", "EUR", 700, LedgerRole.Fees, LedgerRole.Other, now,
            sequence: 100, balanceTransactionId: unmapped.BalanceTransactionId);
        moved.Part = "reclass";
        Database.Store(
            SyncedItems.Item(install.InstalledAppId, "charge", "EUR", 4_200, LedgerRole.Stripe, LedgerRole.Customer, now),
            unmapped,
            moved);
        Changed(install);

        var (_, view, _) = await Client.GetHtmlAsync(PortalPages.HtmxGet("/portal/overview", session));

        var eur = view.ByTestId("activity-eur")!;
        Assert.Equal("-7.00 EUR", eur.TextOf("other"));
        Assert.Equal("0.00 EUR", eur.TextOf("fees"));
        Assert.Equal("35.00 EUR", eur.TextOf("net"));
        Assert.Contains("2 postings", view.ByTestId("chart-eur")!.QuerySelector("desc")!.TextContent);
    }

    [Fact]
    public async Task Reconciliation_leads_the_overview_with_matched_or_the_difference_and_since_when()
    {
        var (install, session) = await OpenAsync();
        var runs = App.Service<SyncRuns>();
        var run = runs.Create(install.InstalledAppId, SyncTrigger.Manual);
        run.Reconciliation =
        [
            new ReconciliationLine { Currency = "USD", Precision = 100, StripeAmount = 10_000, LedgerAmount = 10_000 },
            new ReconciliationLine { Currency = "EUR", Precision = 100, StripeAmount = 5_000, LedgerAmount = 4_950 },
        ];
        runs.Finish(run, SyncRunStatus.Succeeded);
        var raisedAt = App.Clock.GetUtcNow().AddHours(-3);
        Database.Collection<RaisedAlertRecord>(RaisedAlertRecord.Collection).Insert(new RaisedAlertRecord
        {
            Id = SyncAlerts.IdFor(install.InstalledAppId, RaisedAlertKind.ReconciliationMismatch, "EUR"),
            InstalledAppId = install.InstalledAppId, Kind = RaisedAlertKind.ReconciliationMismatch, Subject = "EUR",
            Title = "EUR differs", Description = "d", RaisedAt = UnixMs.From(raisedAt), UpdatedAt = UnixMs.From(raisedAt),
        });

        var (_, view, _) = await Client.GetHtmlAsync(PortalPages.HtmxGet("/portal/overview", session));

        var first = view.QuerySelector("#view .card")!;
        Assert.Equal("overview-reconciliation", first.GetAttribute("data-testid"));
        Assert.Contains("Matched", first.TextOf("recon-usd"));
        Assert.Equal("0.50 EUR", first.ByTestId("recon-eur")!.TextOf("recon-difference"));
        Assert.Equal(PortalTimeIso(raisedAt), first.ByTestId("recon-eur")!.QuerySelector("time")!.GetAttribute("datetime"));
        Assert.Contains("Succeeded", view.TextOf("overview-last-run"));
    }

    [Fact]
    public async Task A_new_install_is_told_what_to_do_first()
    {
        var (_, session) = await OpenAsync();

        var (_, view, _) = await Client.GetHtmlAsync(PortalPages.HtmxGet("/portal/overview", session));

        Assert.Contains("No Stripe account is connected yet", view.TextOf("overview-no-key"));
        Assert.NotNull(view.ByTestId("activity-none"));
        Assert.Contains("None yet", view.TextOf("overview-last-run"));
        Assert.Contains("The schedule is off", view.TextOf("overview-next-run"));
    }

    [Fact]
    public async Task An_install_without_data_write_is_told_the_exact_missing_scope()
    {
        var (_, session) = await OpenAsync("data:read", "alerts:read");

        var (_, view, _) = await Client.GetHtmlAsync(PortalPages.HtmxGet("/portal/overview", session));

        Assert.Equal("This install cannot sync: it lacks the data:write permission. See Permissions for what each permission enables.", view.TextOf("overview-cannot-sync"));
    }

    [Fact]
    public async Task The_overview_refreshes_itself_on_the_events_that_change_it()
    {
        var (_, session) = await OpenAsync();

        var (_, view, _) = await Client.GetHtmlAsync(PortalPages.HtmxGet("/portal/overview", session));

        var trigger = view.QuerySelector("#view")!.GetAttribute("hx-trigger")!;
        Assert.Contains("sync-finished from:body", trigger);
        Assert.Contains("stripe-changed from:body", trigger);
        Assert.Contains("repair-done from:body", trigger);
    }

    static string PortalTimeIso(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
