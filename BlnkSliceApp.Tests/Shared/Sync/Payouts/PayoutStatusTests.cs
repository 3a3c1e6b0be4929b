using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.DevCloud.Stripe;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Payouts;
using BlnkSliceApp.Tests.Shared.Sync.Engine;

namespace BlnkSliceApp.Tests.Shared.Sync.Payouts;

/// <summary>A payout's status, arrival date and trace id follow Stripe run after run; failing or canceling raises one alert.</summary>
public sealed class PayoutStatusTests(SyncHarness harness) : IClassFixture<SyncHarness>
{
    PayoutStore Store => harness.Service<PayoutStore>();
    StripeAccountState Account => harness.DevCloud.Stripe!.Account;

    string NewPayout() => Assert.Single(Account.AddActivity(new StripeActivityRequest { Payments = 0, Refunds = 0, Payouts = 1 }).PayoutIds);

    IReadOnlyList<System.Text.Json.Nodes.JsonObject> AlertsAbout(BlnkSliceApp.DevCloud.Cloud.Installs.DevCloudInstall install, string payoutId) =>
        harness.Ledger(install).Snapshot(DataResource.Alerts).Where(a => ((string)a["title"]!).Contains(payoutId)).ToList();

    [Fact]
    public async Task A_payout_in_transit_is_read_again_each_run_until_it_is_paid_with_its_arrival_date_and_trace_id()
    {
        var install = await harness.InstallAsync();
        var payoutId = NewPayout();
        Account.SetPayoutStatus(payoutId, "in_transit");

        await harness.SyncAsync(install);
        var inTransit = Store.Get(install.InstalledAppId, payoutId)!;
        var arrival = inTransit.ArrivalDate + 2 * 86_400;
        Account.SetPayoutStatus(payoutId, "paid", arrivalDate: arrival);
        await harness.SyncAsync(install);

        Assert.Equal(("in_transit", "pending", (string?)null), (inTransit.Status, inTransit.TraceIdStatus, inTransit.TraceId));
        var paid = Store.Get(install.InstalledAppId, payoutId)!;
        var stripePayout = Account.Payouts.Single(p => p.Id == payoutId);
        Assert.Equal(("paid", "supported", stripePayout.TraceIdValue, arrival), (paid.Status, paid.TraceIdStatus, paid.TraceId, paid.ArrivalDate));
        Assert.True(paid.Reconciled);
        Assert.True(paid.TaggingDone);
    }

    [Fact]
    public async Task A_paid_payout_that_later_fails_raises_one_alert_and_shows_failed()
    {
        var install = await harness.InstallAsync();
        var payoutId = NewPayout();
        Account.SetPayoutStatus(payoutId, "paid");
        await harness.SyncAsync(install);
        Assert.Equal("paid", Store.Get(install.InstalledAppId, payoutId)!.Status);
        Assert.Empty(AlertsAbout(install, payoutId));

        var change = Account.SetPayoutStatus(payoutId, "failed", "account_closed");
        await harness.SyncAsync(install);
        await harness.SyncAsync(install);

        var failed = Store.Get(install.InstalledAppId, payoutId)!;
        Assert.Equal(("failed", "account_closed"), (failed.Status, failed.FailureCode));
        var alert = Assert.Single(AlertsAbout(install, payoutId));
        Assert.Contains("failed", (string)alert["title"]!);
        Assert.Contains("closed", (string)alert["description"]!);
        var returned = harness.Ledger(install).FindTransactionByReference($"stripe:{change.BalanceTransactionId}")!;
        Assert.Contains((string)returned["transaction_id"]!, alert["affected_transactions"]!.AsArray().Select(n => (string?)n));
        var record = harness.Service<SyncAlerts>().Find(install.InstalledAppId, RaisedAlertKind.PayoutFailed, payoutId)!;
        Assert.Equal(1, record.Occurrences);
        harness.AssertLedgerMirrorsStripe(install);
        var view = await PayoutsViewAsync(install);
        var row = view.QuerySelector($"[data-testid=payout-row][data-payout-id={payoutId}]")!;
        Assert.Equal("Failed", row.QuerySelector("[data-testid=payout-status]")!.TextContent.Trim());
        Assert.Equal("Reconciled", row.QuerySelector("[data-testid=payout-reconciliation]")!.TextContent.Trim());
    }

    /// <summary>The Payouts view as the framed portal gets it: launched through DevCloud, fetched with the session.</summary>
    async Task<AngleSharp.Dom.IDocument> PayoutsViewAsync(BlnkSliceApp.DevCloud.Cloud.Installs.DevCloudInstall install)
    {
        var launch = await harness.DevCloud.LaunchAsync(install.InstalledAppId);
        using var browser = new HttpClient { BaseAddress = harness.DevCloud.AppUrl };
        var session = PortalPages.SessionTokenIn(await browser.GetStringAsync(launch.PortalUrl!.PathAndQuery))!;
        var html = await (await browser.SendAsync(PortalPages.HtmxGet("/portal/payouts", session))).Content.ReadAsStringAsync();
        return new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
    }

    [Fact]
    public async Task A_canceled_payout_raises_one_alert_and_without_alerts_write_it_is_recorded_locally()
    {
        var install = await harness.InstallAsync(Scopes.DataRead, Scopes.DataWrite);
        var payoutId = NewPayout();
        Account.SetPayoutStatus(payoutId, "canceled");

        await harness.SyncAsync(install);
        await harness.SyncAsync(install);

        Assert.Equal("canceled", Store.Get(install.InstalledAppId, payoutId)!.Status);
        Assert.Empty(AlertsAbout(install, payoutId));
        var record = harness.Service<SyncAlerts>().Find(install.InstalledAppId, RaisedAlertKind.PayoutFailed, payoutId)!;
        Assert.Null(record.CloudAlertId);
        Assert.Equal(1, record.Occurrences);
        Assert.Contains("canceled", record.Title);
    }
}
