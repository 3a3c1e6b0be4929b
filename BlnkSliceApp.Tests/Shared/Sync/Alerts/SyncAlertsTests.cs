using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Tests.Shared.Cloud;

namespace BlnkSliceApp.Tests.Shared.Sync.Alerts;

public sealed class SyncAlertsTests(CloudHarness harness) : IClassFixture<CloudHarness>
{
    SyncAlerts Alerts => harness.Service<SyncAlerts>();

    /// <summary>A balance to flag: @stripe in USD, made by one posting.</summary>
    static async Task<string> StripeBalanceAsync(CloudHarness.Installed install)
    {
        await install.Client.PostTransactionAsync(CloudHarness.Transaction($"seed-{Guid.NewGuid():N}"), CancellationToken.None);
        return (await install.Client.FindIndicatorBalanceAsync("@stripe", "USD", CancellationToken.None))!.BalanceId;
    }

    [Fact]
    public async Task A_rejected_posting_raises_one_Cloud_alert_on_the_entity_in_readable_words()
    {
        var install = await harness.InstallAsync();
        var balance = await StripeBalanceAsync(install);

        await Alerts.RaiseRejectedPostingAsync(install.Client, install.Record, balance, "stripe:txn_9", "insufficient funds", "run_1", CancellationToken.None);

        var alert = Assert.Single(harness.Ledger(install).Snapshot(DataResource.Alerts));
        Assert.Contains(balance, alert["affected_balances"]!.AsArray().Select(n => (string?)n));
        Assert.Contains("stripe:txn_9", (string?)alert["title"]);
        Assert.Contains("insufficient funds", (string?)alert["description"]);
        Assert.Contains("run_1", (string?)alert["description"]);
        var record = Assert.Single(Alerts.ForInstall(install.InstalledAppId, openOnly: true));
        Assert.Equal($"{install.InstalledAppId}:RejectedPosting:stripe:txn_9", record.Id);
        Assert.Equal((string?)alert["anomaly_id"], record.CloudAlertId);
    }

    [Fact]
    public async Task A_repeat_updates_the_one_alert_and_counts_an_occurrence()
    {
        var install = await harness.InstallAsync();
        var balance = await StripeBalanceAsync(install);

        await Alerts.RaiseUnmappedCategoryAsync(install.Client, install.Record, balance, "climate_order", "txn_a", "run_1", CancellationToken.None);
        await Alerts.RaiseUnmappedCategoryAsync(install.Client, install.Record, balance, "climate_order", "txn_b", "run_2", CancellationToken.None);
        await Alerts.RaiseUnmappedCategoryAsync(install.Client, install.Record, balance, "other_fee", "txn_c", "run_2", CancellationToken.None);

        var alerts = harness.Ledger(install).Snapshot(DataResource.Alerts);
        Assert.Equal(2, alerts.Count);
        var climate = Assert.Single(alerts, a => ((string)a["title"]!).Contains("climate_order"));
        Assert.Contains("txn_b", (string?)climate["description"]);
        var record = Alerts.Find(install.InstalledAppId, RaisedAlertKind.UnmappedCategory, "climate_order")!;
        Assert.Equal(2, record.Occurrences);
        Assert.Equal("run_2", record.RunId);
        Assert.Equal((string?)climate["anomaly_id"], record.CloudAlertId);
    }

    [Fact]
    public async Task Without_alerts_write_the_finding_is_recorded_locally_and_nothing_is_sent()
    {
        var install = await harness.InstallAsync(Scopes.DataRead, Scopes.DataWrite);
        var balance = await StripeBalanceAsync(install);

        await Alerts.RaiseRejectedPostingAsync(install.Client, install.Record, balance, "stripe:txn_local", "some reason", "run_1", CancellationToken.None);
        await Alerts.RaiseRejectedPostingAsync(install.Client, install.Record, balance, "stripe:txn_local", "some reason", "run_2", CancellationToken.None);

        Assert.Equal(0, harness.Ledger(install).Count(DataResource.Alerts));
        Assert.DoesNotContain(harness.CallsOf(install), c => c.Target.StartsWith("/alerts", StringComparison.Ordinal));
        var record = Assert.Single(Alerts.ForInstall(install.InstalledAppId, openOnly: true));
        Assert.Null(record.CloudAlertId);
        Assert.Equal(2, record.Occurrences);
    }

    [Fact]
    public async Task An_alert_Cloud_refuses_is_kept_locally_and_the_sync_goes_on()
    {
        var install = await harness.InstallAsync();

        var failure = await Record.ExceptionAsync(() =>
            Alerts.RaiseRejectedPostingAsync(install.Client, install.Record, "bln_missing", "stripe:txn_x", "reason", "run_1", CancellationToken.None));

        Assert.Null(failure);
        var record = Assert.Single(Alerts.ForInstall(install.InstalledAppId, openOnly: true));
        Assert.Null(record.CloudAlertId);
    }

    [Fact]
    public async Task A_resolved_finding_is_closed_in_Cloud_and_a_later_one_opens_afresh()
    {
        var install = await harness.InstallAsync();
        var balance = await StripeBalanceAsync(install);
        var first = await Alerts.RaiseAsync(install.Client, install.Record, RaisedAlertKind.ReconciliationMismatch, "USD", balance, "t1", "d1", "run_1", CancellationToken.None);

        var closed = await Alerts.ResolveAsync(install.Client, install.Record, RaisedAlertKind.ReconciliationMismatch, "USD", "matched again", CancellationToken.None);
        var reopened = await Alerts.RaiseAsync(install.Client, install.Record, RaisedAlertKind.ReconciliationMismatch, "USD", balance, "t2", "d2", "run_3", CancellationToken.None);

        Assert.True(closed);
        Assert.Equal("RESOLVED", (string?)harness.Ledger(install).GetAlert(first.CloudAlertId!)["status"]);
        Assert.NotEqual(first.CloudAlertId, reopened.CloudAlertId);
        Assert.Equal(1, reopened.Occurrences);
        Assert.Single(Alerts.ForInstall(install.InstalledAppId, openOnly: true));
        Assert.Single(Alerts.ForInstall(install.InstalledAppId, openOnly: false));
    }

    [Fact]
    public async Task An_install_sees_only_its_own_alerts()
    {
        var one = await harness.InstallAsync();
        var two = await harness.InstallAsync();
        await Alerts.RaiseAsync(one.Client, one.Record, RaisedAlertKind.UnmappedCategory, "x", null, "t", "d", "run_1", CancellationToken.None);

        Assert.Single(Alerts.ForInstall(one.InstalledAppId, openOnly: false));
        Assert.Empty(Alerts.ForInstall(two.InstalledAppId, openOnly: false));
    }
}
