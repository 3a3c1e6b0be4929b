using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Store;
using BlnkSliceApp.Tests.DevCloud;
using static BlnkSliceApp.Tests.Features.SyncNow.PortalRequests;

namespace BlnkSliceApp.Tests.Features.Alerts;

/// <summary>"Flag for review" on a Transactions row: an alert in DevCloud's Cloud on the posting's ledger transaction.</summary>
public sealed class FlagForReviewTests(CloudAlertsApp app) : IClassFixture<CloudAlertsApp>
{
    static readonly string[] AllScopes = ["data:read", "data:write", "alerts:read", "alerts:write"];
    static readonly DateTimeOffset Created = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    HttpClient Portal { get; } = new() { BaseAddress = app.DevCloud.AppUrl };

    async Task<string> OpenAsync(DevCloudInstall install)
    {
        var launch = await app.DevCloud.LaunchAsync(install.InstalledAppId);
        Assert.True(launch.Succeeded, launch.Error);
        return PortalPages.SessionTokenIn(await Portal.GetStringAsync(launch.PortalUrl!.PathAndQuery))!;
    }

    /// <summary>A posting the sync put in the ledger: a real transaction in the instance, and the app's record of it.</summary>
    SyncItemRecord Posted(DevCloudInstall install, string txn, SyncItemState state = SyncItemState.Posted)
    {
        var item = SyncedItems.Item(install.InstalledAppId, "charge", "EUR", 12_345, LedgerRole.Stripe, LedgerRole.Unattributed, Created, state,
            customerId: "cus_flag", balanceTransactionId: txn);
        if (state is SyncItemState.Posted)
        {
            var answer = app.DevCloud.Ledger(install.InstanceId).CreateTransaction(Txn.Body("@stripe", "@stripe_unattributed", 12_345, item.Reference, "EUR",
                extra: new() { ["allow_overdraft"] = true, ["skip_queue"] = true }));
            item.TransactionId = answer.Body["transaction_id"]!.GetValue<string>();
        }
        app.Service<AppDatabase>().Store(item);
        return item;
    }

    static string FlagUrl(SyncItemRecord item) => $"/portal/alerts/flag?reference={Uri.EscapeDataString(item.Reference)}";

    IReadOnlyList<System.Text.Json.Nodes.JsonObject> CloudAlertsOn(DevCloudInstall install, string transactionId) =>
        app.DevCloud.Ledger(install.InstanceId).Snapshot(BlnkSliceApp.DevCloud.Cloud.Ledger.DataResource.Alerts)
            .Where(alert => alert["affected_transactions"]!.AsArray().Any(id => id!.GetValue<string>() == transactionId))
            .ToList();

    [Fact]
    public async Task A_posted_row_offers_the_flag_and_flagging_raises_one_alert_on_its_ledger_transaction_with_a_link()
    {
        var install = await app.InstallWithAsync(AllScopes);
        var item = Posted(install, "txn_flag_one");
        var session = await OpenAsync(install);

        var (_, view) = await Portal.FetchAsync(PortalPages.HtmxGet("/portal/transactions", session));
        var button = Html.Parse(view).ByTestId("transaction-flag")!;
        var answer = await Portal.SendAsync(HtmxPost(button.GetAttribute("hx-post")!, session));
        var html = Html.Parse(await answer.Content.ReadAsStringAsync());

        Assert.Equal(FlagUrl(item), button.GetAttribute("hx-post"));
        Assert.False(button.HasAttribute("disabled"));
        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        Assert.Contains("alerts-changed", answer.Headers.GetValues("HX-Trigger").Single());
        var alert = Assert.Single(CloudAlertsOn(install, item.TransactionId!));
        var alertId = alert["anomaly_id"]!.GetValue<string>();
        Assert.Contains("txn_flag_one", alert["title"]!.GetValue<string>());
        Assert.Contains("123.45", alert["title"]!.GetValue<string>());
        Assert.DoesNotContain("cus_flag", alert["description"]!.GetValue<string>());
        Assert.Contains("Flagged for review in Blnk Cloud", html.ByTestId("flag-notice")!.TextContent);
        Assert.EndsWith($"/anomalies/{alertId}", html.ByTestId("flag-alert-link")!.GetAttribute("href"));
        var own = app.Service<AppDatabase>().Collection<RaisedAlertRecord>(RaisedAlertRecord.Collection)
            .FindById(SyncAlerts.IdFor(install.InstalledAppId, RaisedAlertKind.FlaggedForReview, item.Reference));
        Assert.Equal(alertId, own?.CloudAlertId);
    }

    [Fact]
    public async Task Flagging_twice_or_twice_at_once_raises_one_alert_and_the_row_then_says_it_is_flagged()
    {
        var install = await app.InstallWithAsync(AllScopes);
        var item = Posted(install, "txn_flag_twice");
        var session = await OpenAsync(install);

        var both = await Task.WhenAll(Portal.SendAsync(HtmxPost(FlagUrl(item), session)), Portal.SendAsync(HtmxPost(FlagUrl(item), session)));
        var again = await Portal.SendAsync(HtmxPost(FlagUrl(item), session));
        var (_, view) = await Portal.FetchAsync(PortalPages.HtmxGet("/portal/transactions", session));

        Assert.All(both.Append(again), answer => Assert.Equal(HttpStatusCode.OK, answer.StatusCode));
        Assert.Single(CloudAlertsOn(install, item.TransactionId!));
        Assert.Contains("Already flagged for review", await again.Content.ReadAsStringAsync());
        var button = Html.Parse(view).ByTestId("transaction-flag")!;
        Assert.True(button.HasAttribute("disabled"));
        Assert.Contains("Already flagged", button.GetAttribute("title"));
    }

    [Fact]
    public async Task Without_alerts_write_the_flag_is_disabled_naming_the_scope_and_the_server_refuses_with_403()
    {
        var install = await app.InstallWithAsync(["data:read", "data:write", "alerts:read"]);
        var item = Posted(install, "txn_flag_noscope");
        var session = await OpenAsync(install);

        var (_, view) = await Portal.FetchAsync(PortalPages.HtmxGet("/portal/transactions", session));
        var answer = await Portal.SendAsync(HtmxPost(FlagUrl(item), session));

        var button = Html.Parse(view).ByTestId("transaction-flag")!;
        Assert.True(button.HasAttribute("disabled"));
        Assert.Contains("alerts:write", button.GetAttribute("title"));
        Assert.Equal(HttpStatusCode.Forbidden, answer.StatusCode);
        Assert.Contains("needs the alerts:write permission", await answer.Content.ReadAsStringAsync());
        Assert.Empty(CloudAlertsOn(install, item.TransactionId!));
    }

    [Theory]
    [InlineData("", 422, "Choose a posting to flag")]
    [InlineData("?reference=not-ours", 422, "not a ledger reference")]
    [InlineData("?reference=stripe:txn_nobody_has", 404, "no posting with that reference")]
    public async Task A_reference_the_app_cannot_use_is_a_message_and_raises_nothing(string query, int status, string message)
    {
        var install = await app.InstallWithAsync(AllScopes);
        var session = await OpenAsync(install);

        var answer = await Portal.SendAsync(HtmxPost("/portal/alerts/flag" + query, session));

        Assert.Equal(status, (int)answer.StatusCode);
        Assert.Contains(message, await answer.Content.ReadAsStringAsync());
        Assert.False(answer.Headers.Contains("HX-Trigger"));
    }

    [Fact]
    public async Task A_refused_posting_has_no_flag_and_flagging_it_anyway_is_refused_with_a_reason()
    {
        var install = await app.InstallWithAsync(AllScopes);
        var item = Posted(install, "txn_flag_refused", SyncItemState.Rejected);
        var session = await OpenAsync(install);

        var (_, view) = await Portal.FetchAsync(PortalPages.HtmxGet("/portal/transactions", session));
        var answer = await Portal.SendAsync(HtmxPost(FlagUrl(item), session));

        Assert.Null(Html.Parse(view).ByTestId("transaction-flag"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, answer.StatusCode);
        Assert.Contains("not in the ledger", await answer.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Another_installs_posting_cannot_be_flagged()
    {
        var owner = await app.InstallWithAsync(AllScopes);
        var item = Posted(owner, "txn_flag_foreign");
        var stranger = await app.InstallWithAsync(AllScopes);
        var session = await OpenAsync(stranger);

        var answer = await Portal.SendAsync(HtmxPost(FlagUrl(item), session));

        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
        Assert.Empty(CloudAlertsOn(owner, item.TransactionId!));
    }
}
