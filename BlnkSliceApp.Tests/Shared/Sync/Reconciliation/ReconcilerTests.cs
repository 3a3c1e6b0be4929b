using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Reconciliation;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Tests.Shared.Cloud;

namespace BlnkSliceApp.Tests.Shared.Sync.Reconciliation;

public sealed class ReconcilerTests(CloudHarness harness) : IClassFixture<CloudHarness>
{
    Reconciler Reconciler => harness.Service<Reconciler>();

    /// <summary>Stripe's money reached the ledger: -balance(@stripe) becomes <paramref name="units"/>.</summary>
    static Task MirrorAsync(CloudHarness.Installed install, long units, string currency = "USD", long precision = 100) =>
        install.Client.PostTransactionAsync(CloudHarness.Transaction($"m-{Guid.NewGuid():N}", units, currency, precision), CancellationToken.None);

    Task<IReadOnlyList<ReconciliationLine>> ReconcileAsync(CloudHarness.Installed install, string runId, params StripeBalanceAmount[] stripe) =>
        Reconciler.ReconcileAsync(install.Client, install.Record, SyncPreferences.Defaults(install.Record.InstalledAppId), stripe, runId, CancellationToken.None);

    [Fact]
    public async Task Equal_figures_in_every_currency_match_and_write_nothing_to_Cloud()
    {
        var install = await harness.InstallAsync();
        await MirrorAsync(install, 123_456);
        await MirrorAsync(install, 1_500, "JPY", 1);
        await MirrorAsync(install, 12_340, "KWD", 1000);
        var writesBefore = harness.CallsOf(install).Count(c => c.Method is "POST" or "PUT");

        var lines = await ReconcileAsync(install, "run_1",
            new("USD", 123_456, 100), new("JPY", 1_500, 1), new("KWD", 12_340, 1000), new("EUR", 0, 100));

        Assert.Equal(["EUR", "JPY", "KWD", "USD"], lines.Select(l => l.Currency));
        Assert.All(lines, line => Assert.True(line.Matches, line.Currency));
        Assert.Equal(1000, Assert.Single(lines, l => l.Currency == "KWD").Precision);
        Assert.All(lines, line => Assert.Null(line.AlertId));
        Assert.Equal(writesBefore, harness.CallsOf(install).Count(c => c.Method is "POST" or "PUT"));
        Assert.Equal(0, harness.Ledger(install).Count(DataResource.Alerts));
    }

    [Fact]
    public async Task A_difference_raises_one_alert_on_the_stripe_balance_with_both_figures_the_difference_and_the_run()
    {
        var install = await harness.InstallAsync();
        await MirrorAsync(install, 100_000);
        var stripeBalance = (await install.Client.FindIndicatorBalanceAsync("@stripe", "USD", CancellationToken.None))!.BalanceId;

        var lines = await ReconcileAsync(install, "run_7", new StripeBalanceAmount("USD", 101_234, 100));

        var line = Assert.Single(lines);
        Assert.Equal((101_234L, 100_000L, 1_234L), (line.StripeAmount, line.LedgerAmount, line.Difference));
        var alert = Assert.Single(harness.Ledger(install).Snapshot(DataResource.Alerts));
        Assert.Equal((string?)alert["anomaly_id"], line.AlertId);
        Assert.Contains(stripeBalance, alert["affected_balances"]!.AsArray().Select(n => (string?)n));
        var text = (string)alert["title"]! + " " + (string)alert["description"]!;
        Assert.Contains("1,012.34 USD", text);
        Assert.Contains("1,000.00 USD", text);
        Assert.Contains("12.34 USD", text);
        Assert.Contains("run_7", text);
    }

    [Fact]
    public async Task A_repeated_difference_updates_the_open_alert_instead_of_raising_another()
    {
        var install = await harness.InstallAsync();
        await MirrorAsync(install, 5_000);

        var first = await ReconcileAsync(install, "run_1", new StripeBalanceAmount("USD", 6_000, 100));
        var second = await ReconcileAsync(install, "run_2", new StripeBalanceAmount("USD", 7_000, 100));

        var alert = Assert.Single(harness.Ledger(install).Snapshot(DataResource.Alerts));
        Assert.Equal(first[0].AlertId, second[0].AlertId);
        Assert.Contains("run_2", (string?)alert["description"]);
        Assert.Contains("20.00 USD", (string?)alert["title"]);
        var record = harness.Service<SyncAlerts>().Find(install.InstalledAppId, RaisedAlertKind.ReconciliationMismatch, "USD")!;
        Assert.Equal(2, record.Occurrences);
    }

    [Fact]
    public async Task When_the_figures_match_again_the_open_alert_is_resolved()
    {
        var install = await harness.InstallAsync();
        await MirrorAsync(install, 5_000);
        var mismatch = await ReconcileAsync(install, "run_1", new StripeBalanceAmount("USD", 6_000, 100));

        var matched = await ReconcileAsync(install, "run_2", new StripeBalanceAmount("USD", 5_000, 100));

        Assert.True(Assert.Single(matched).Matches);
        Assert.Equal("RESOLVED", (string?)harness.Ledger(install).GetAlert(mismatch[0].AlertId!)["status"]);
        Assert.Empty(harness.Service<SyncAlerts>().ForInstall(install.InstalledAppId, openOnly: true));
    }

    [Fact]
    public async Task A_currency_only_the_ledger_has_is_compared_with_zero()
    {
        var install = await harness.InstallAsync();
        await MirrorAsync(install, 700, "JPY", 1);

        var lines = await ReconcileAsync(install, "run_1", new StripeBalanceAmount("USD", 0, 100));

        var jpy = Assert.Single(lines, l => l.Currency == "JPY");
        Assert.Equal((0L, 700L, 1L), (jpy.StripeAmount, jpy.LedgerAmount, jpy.Precision));
        Assert.Contains("700 JPY", (string?)Assert.Single(harness.Ledger(install).Snapshot(DataResource.Alerts))["title"]);
    }

    [Fact]
    public async Task Each_Stripe_balance_type_is_compared_with_its_own_mirror()
    {
        var install = await harness.InstallAsync();
        await MirrorAsync(install, 9_000);
        await install.Client.PostTransactionAsync(CloudHarness.Transaction($"i-{Guid.NewGuid():N}", 4_000, source: "@stripe_issuing_balance", destination: "@stripe_issuing"), CancellationToken.None);

        var lines = await ReconcileAsync(install, "run_1",
            new("USD", 9_000, 100), new("USD", 4_000, 100, "issuing"), new("USD", 2_500, 100, "refund_and_dispute_prefunding"));

        Assert.Equal([("payments", "USD", true), ("issuing", "USD", true), ("refund_and_dispute_prefunding", "USD", false)],
            lines.Select(l => (l.BalanceType, l.Currency, l.Matches)));
        var prefunding = lines[2];
        Assert.Equal((2_500L, 0L), (prefunding.StripeAmount, prefunding.LedgerAmount));
        var alert = Assert.Single(harness.Ledger(install).Snapshot(DataResource.Alerts));
        Assert.Contains("refund and dispute prefunding balance", (string)alert["title"]!);
        Assert.Contains("@stripe_prefunding_balance", (string)alert["description"]!);
        Assert.NotNull(harness.Service<SyncAlerts>().Find(install.InstalledAppId, RaisedAlertKind.ReconciliationMismatch, "refund_and_dispute_prefunding:USD"));
    }

    [Fact]
    public async Task A_balance_type_Stripe_does_not_report_is_not_compared_and_costs_no_call()
    {
        var install = await harness.InstallAsync();
        await MirrorAsync(install, 1_000);
        var callsBefore = harness.CallsOf(install).Count;

        var lines = await ReconcileAsync(install, "run_1", new StripeBalanceAmount("USD", 1_000, 100));

        Assert.Equal("payments", Assert.Single(lines).BalanceType);
        Assert.Equal(callsBefore + 1, harness.CallsOf(install).Count);
    }
}
