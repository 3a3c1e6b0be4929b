using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.DevCloud.Stripe;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Tests.Shared.Sync.Engine;

namespace BlnkSliceApp.Tests.Shared.Sync.Disputes;

/// <summary>Disputes change without money moving: each run reads them, and each open dispute has one alert that follows it until it ends.</summary>
public sealed class DisputeAlertTests(SyncHarness harness) : IClassFixture<SyncHarness>
{
    StripeAccountState Account => harness.DevCloud.Stripe!.Account;

    List<JsonObject> CloudAlertsAbout(DevCloudInstall install, string disputeId) =>
        harness.Ledger(install).Snapshot(DataResource.Alerts).Where(a => ((string)a["title"]!).Contains(disputeId)).ToList();

    RaisedAlertRecord? Recorded(DevCloudInstall install, string disputeId) =>
        harness.Service<SyncAlerts>().Find(install.InstalledAppId, RaisedAlertKind.Dispute, disputeId);

    /// <summary>A customer's payment of 250.00 USD, synced, then disputed by the cardholder.</summary>
    async Task<(DevCloudInstall Install, string DisputeId)> DisputedPaymentAsync(bool inquiry, params string[] scopes)
    {
        var install = await harness.InstallAsync(scopes);
        var customer = Account.AddCustomer("disputer@example.com", "Dee Sputer");
        var charge = Account.AddPayment(customer.Id, "usd", 25_000);
        await harness.SyncAsync(install);
        return (install, Account.OpenDispute(charge.Id, inquiry, "product_not_received").Id);
    }

    [Fact]
    public async Task A_new_dispute_raises_one_alert_a_status_change_updates_it_and_a_won_dispute_resolves_it()
    {
        var (install, disputeId) = await DisputedPaymentAsync(inquiry: false);

        await harness.SyncAsync(install);
        await harness.SyncAsync(install);
        var raised = Assert.Single(CloudAlertsAbout(install, disputeId));
        var description = (string)raised["description"]!;
        var due = DateTimeOffset.FromUnixTimeSeconds(Account.Disputes.Single(d => d.Id == disputeId).EvidenceDueBy!.Value).UtcDateTime;
        Assert.Contains("250.00 USD", description);
        Assert.Contains("product not received", description);
        Assert.Contains("needs_response", description);
        Assert.Contains(due.ToString("yyyy-MM-dd HH:mm"), description);
        Assert.DoesNotContain("disputer@example.com", description + raised["title"]);
        Assert.Equal(1, Recorded(install, disputeId)!.Occurrences);

        Account.MoveDispute(disputeId, "under_review");
        var moved = await harness.SyncAsync(install);
        Assert.Equal(1, moved.Counts.DisputesChanged);
        var updated = Assert.Single(CloudAlertsAbout(install, disputeId));
        Assert.Equal((string?)raised["anomaly_id"], (string?)updated["anomaly_id"]);
        Assert.Contains("under_review", (string)updated["description"]!);
        Assert.Equal(2, Recorded(install, disputeId)!.Occurrences);

        Account.MoveDispute(disputeId, "won");
        await harness.SyncAsync(install);
        var resolved = Assert.Single(CloudAlertsAbout(install, disputeId));
        Assert.Equal("RESOLVED", (string?)resolved["status"]);
        Assert.Contains("won", (string)resolved["description"]!);
        Assert.False(Recorded(install, disputeId)!.Open);
        harness.AssertLedgerMirrorsStripe(install);
    }

    [Fact]
    public async Task The_alert_points_at_the_disputes_withdrawal_in_the_ledger()
    {
        var (install, disputeId) = await DisputedPaymentAsync(inquiry: false);

        await harness.SyncAsync(install);

        var withdrawal = Account.Disputes.Single(d => d.Id == disputeId).BalanceTransactionIds[0];
        var posted = harness.Ledger(install).FindTransactionByReference($"stripe:{withdrawal}")!;
        var alert = Assert.Single(CloudAlertsAbout(install, disputeId));
        Assert.Contains((string)posted["transaction_id"]!, alert["affected_transactions"]!.AsArray().Select(n => (string?)n));
    }

    [Fact]
    public async Task Disputes_already_over_when_first_seen_raise_nothing_and_the_seeded_open_ones_raise_one_each()
    {
        var install = await harness.InstallAsync();

        await harness.SyncAsync(install);

        foreach (var dispute in Account.Disputes.Where(d => d.Created < Account.Anchor))
        {
            var alerts = CloudAlertsAbout(install, dispute.Id);
            if (dispute.Status is "won" or "lost") Assert.Empty(alerts);
            else Assert.Single(alerts);
        }
    }

    [Fact]
    public async Task Without_alerts_write_a_dispute_is_kept_in_the_apps_own_alerts_panel()
    {
        var (install, disputeId) = await DisputedPaymentAsync(inquiry: true, Scopes.DataRead, Scopes.DataWrite);

        await harness.SyncAsync(install);

        Assert.Empty(harness.Ledger(install).Snapshot(DataResource.Alerts));
        var record = Recorded(install, disputeId)!;
        Assert.True(record.Open);
        Assert.Null(record.CloudAlertId);
        Assert.Contains("warning_needs_response", record.Description);
        var panel = await AlertsPanelAsync(install);
        var item = Assert.Single(panel.QuerySelectorAll("[data-testid=alert-item]"), li => li.TextContent.Contains(disputeId));
        Assert.NotNull(item.QuerySelector("[data-testid=alert-local]"));
    }

    /// <summary>The Alerts view as the framed portal gets it: launched through DevCloud, fetched with the session.</summary>
    async Task<AngleSharp.Dom.IDocument> AlertsPanelAsync(DevCloudInstall install)
    {
        var launch = await harness.DevCloud.LaunchAsync(install.InstalledAppId);
        using var browser = new HttpClient { BaseAddress = harness.DevCloud.AppUrl };
        var session = PortalPages.SessionTokenIn(await browser.GetStringAsync(launch.PortalUrl!.PathAndQuery))!;
        var html = await (await browser.SendAsync(PortalPages.HtmxGet("/portal/alerts", session))).Content.ReadAsStringAsync();
        return new AngleSharp.Html.Parser.HtmlParser().ParseDocument(html);
    }
}
