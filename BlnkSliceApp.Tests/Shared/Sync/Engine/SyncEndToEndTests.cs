using System.Text.RegularExpressions;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.DevCloud.Stripe;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Payouts;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Storage;

namespace BlnkSliceApp.Tests.Shared.Sync.Engine;

public sealed class SyncEndToEndTests(SyncHarness harness) : IClassFixture<SyncHarness>
{
    [Fact]
    public async Task The_whole_seeded_account_is_posted_once_to_the_minor_unit_in_every_currency()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);

        var run = await harness.SyncAsync(install);

        Assert.True(SyncRunStatus.Succeeded == run.Status, string.Join("\n", run.Errors));
        harness.AssertEveryBalanceTransactionPostedOnce(install);
        harness.AssertLedgerMirrorsStripe(install);
        Assert.All(run.Reconciliation, line => Assert.True(line.Matches, $"{line.Currency}: Stripe {line.StripeAmount}, ledger {line.LedgerAmount}"));
        Assert.Contains(run.Reconciliation, line => line.Currency == "JPY");
        Assert.Contains(run.Reconciliation, line => line.Currency == "KWD");
    }

    [Fact]
    public async Task Refunds_come_out_of_the_charged_customers_balance_and_pay_ins_go_into_it()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);

        await harness.SyncAsync(install);

        var account = harness.DevCloud.Stripe!.Account;
        var charges = account.Charges.ToDictionary(c => c.Id);
        var transactions = harness.Transactions(install).ToDictionary(t => (string)t["reference"]!);
        var balances = harness.Ledger(install).Snapshot(DataResource.Balances).ToDictionary(b => (string)b["balance_id"]!);
        string? CustomerOf(string balanceId) => (string?)balances[balanceId]["meta_data"]?["stripe_sync"]?["stripe_customer_id"];

        var refunds = account.Refunds.Where(r => charges[r.ChargeId].CustomerId is not null).ToList();
        Assert.NotEmpty(refunds);
        foreach (var refund in refunds)
        {
            var posted = transactions[$"stripe:{refund.BalanceTransactionId}"];
            Assert.Equal(charges[refund.ChargeId].CustomerId, CustomerOf((string)posted["source"]!));
            Assert.Equal(charges[refund.ChargeId].CustomerId, (string?)posted["meta_data"]?["stripe_sync"]?["customer_id"]);
        }
        foreach (var charge in charges.Values.Where(c => c.CustomerId is not null))
            Assert.Equal(charge.CustomerId, CustomerOf((string)transactions[$"stripe:{charge.BalanceTransactionId}"]["destination"]!));
    }

    [Fact]
    public async Task A_first_run_from_the_default_backfill_posts_an_opening_balance_so_the_ledger_still_equals_Stripe()
    {
        var install = await harness.InstallAsync();

        var run = await harness.SyncAsync(install);

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        var transactions = harness.Transactions(install);
        Assert.Contains(transactions, t => ((string)t["reference"]!).StartsWith("stripe:opening:", StringComparison.Ordinal));
        var windowStart = harness.DevCloud.Stripe!.Account.Now - 90 * 86_400L;
        Assert.DoesNotContain(harness.DevCloud.Stripe.Account.BalanceTransactions.Where(bt => bt.Created < windowStart - 86_400),
            bt => transactions.Any(t => (string)t["reference"]! == $"stripe:{bt.Id}"));
        harness.AssertLedgerMirrorsStripe(install);
    }

    [Fact]
    public async Task With_email_linking_chosen_customers_who_share_an_email_with_an_existing_identity_are_linked_not_duplicated()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install, linkByEmail: true);

        var run = await harness.SyncAsync(install);

        var identities = harness.Ledger(install).Snapshot(DataResource.Identities);
        var preloaded = harness.DevCloud.Stripe!.IdentitiesToPreload;
        Assert.NotEmpty(preloaded);
        foreach (var identity in preloaded)
            Assert.Single(identities, i => string.Equals((string?)i["email_address"], identity.Email, StringComparison.OrdinalIgnoreCase));
        Assert.True(run.Counts.CustomersLinked >= 1, "no customer was linked to an existing identity");
        Assert.True(run.Counts.CustomersCreated >= 1);
        var linked = identities.Where(i => i["meta_data"]?["stripe_sync"]?["stripe_customer_id"] is not null).ToList();
        Assert.Equal(run.Counts.CustomersLinked + run.Counts.CustomersCreated, linked.Count);
    }

    [Fact]
    public async Task By_default_an_email_alone_links_no_customer_to_an_existing_identity()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);

        var run = await harness.SyncAsync(install);

        var identities = harness.Ledger(install).Snapshot(DataResource.Identities);
        var preloaded = harness.DevCloud.Stripe!.IdentitiesToPreload;
        Assert.NotEmpty(preloaded);
        var createdBeside = 0;
        foreach (var identity in preloaded)
        {
            var sameEmail = identities.Where(i => string.Equals((string?)i["email_address"], identity.Email, StringComparison.OrdinalIgnoreCase)).ToList();
            // The user's own identity is left as it was; a synced Stripe customer got one of its own.
            Assert.Single(sameEmail, i => i["meta_data"]?["stripe_sync"] is null);
            createdBeside += sameEmail.Count(i => i["meta_data"]?["stripe_sync"]?["stripe_customer_id"] is not null);
        }
        Assert.True(createdBeside >= 1, "no synced customer shared an email with an existing identity");
        Assert.Equal(0, run.Counts.CustomersLinked);
    }

    [Fact]
    public async Task A_second_run_with_nothing_new_makes_no_ledger_write_and_at_most_two_Stripe_calls_plus_one_for_disputes_and_one_for_payouts_on_their_way()
    {
        var install = await harness.InstallAsync();
        await harness.SyncAsync(install);
        // Payouts still on their way are read again each run, all with one list call.
        var payouts = harness.Service<PayoutStore>();
        var payoutCalls = payouts.NeedingAttention(install.InstalledAppId).Any(payouts.NeedsStripe) ? 1 : 0;
        var transactionsBefore = harness.Ledger(install).Count(DataResource.Transactions);
        var identitiesBefore = harness.Ledger(install).Count(DataResource.Identities);
        var balancesBefore = harness.Ledger(install).Count(DataResource.Balances);
        var stripeCallsBefore = harness.DevCloud.Stripe!.RequestCount;
        var since = DateTimeOffset.UtcNow;

        var run = await harness.SyncAsync(install);

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.Equal(0, run.Counts.Posted);
        Assert.Equal(transactionsBefore, harness.Ledger(install).Count(DataResource.Transactions));
        Assert.Equal(identitiesBefore, harness.Ledger(install).Count(DataResource.Identities));
        Assert.Equal(balancesBefore, harness.Ledger(install).Count(DataResource.Balances));
        Assert.Equal(0, CloudWritesSince(install, since));
        // Disputes change without money moving, so each run lists them: one call.
        Assert.True(harness.DevCloud.Stripe.RequestCount - stripeCallsBefore <= 2 + 1 + payoutCalls, $"{harness.DevCloud.Stripe.RequestCount - stripeCallsBefore} Stripe calls");
        // The ledger's mirror was read once, beside Stripe's calls, and the reconciliation holds on it.
        Assert.Equal(1, MirrorReadsSince(install, since));
        Assert.All(run.Reconciliation, line => Assert.True(line.Matches, $"{line.Currency}: Stripe {line.StripeAmount}, ledger {line.LedgerAmount}"));
    }

    [Fact]
    public async Task A_run_that_posts_reconciles_against_the_ledger_read_after_its_postings_not_before()
    {
        var install = await harness.InstallAsync();
        await harness.SyncAsync(install);
        harness.DevCloud.Stripe!.Account.AddActivity(new StripeActivityRequest { Customers = 1, Payments = 2 });
        var since = DateTimeOffset.UtcNow;

        var run = await harness.SyncAsync(install);

        Assert.True(run.Counts.Posted > 0);
        // Read early beside Stripe's calls, and again once the postings had gone in: the early read no longer held.
        Assert.True(MirrorReadsSince(install, since) >= 2, $"{MirrorReadsSince(install, since)} reads of the mirror");
        Assert.All(run.Reconciliation, line => Assert.True(line.Matches, $"{line.Currency}: Stripe {line.StripeAmount}, ledger {line.LedgerAmount}"));
    }

    [Fact]
    public async Task New_Stripe_activity_is_picked_up_by_the_next_run_and_only_it_is_posted()
    {
        var install = await harness.InstallAsync();
        await harness.SyncAsync(install);
        var before = harness.Ledger(install).Count(DataResource.Transactions);

        var activity = harness.DevCloud.Stripe!.Account.AddActivity(new StripeActivityRequest { Customers = 1, Payments = 3, Refunds = 1, Payouts = 1 });
        var run = await harness.SyncAsync(install);

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.Equal(activity.BalanceTransactionIds.Count, run.Counts.Fetched);
        Assert.True(run.Counts.Posted >= activity.BalanceTransactionIds.Count);
        Assert.Equal(before + run.Counts.Posted, harness.Ledger(install).Count(DataResource.Transactions));
        foreach (var id in activity.BalanceTransactionIds)
            Assert.NotNull(harness.Ledger(install).FindTransactionByReference($"stripe:{id}"));
        harness.AssertLedgerMirrorsStripe(install);
    }

    [Fact]
    public async Task An_install_without_data_write_cannot_sync()
    {
        var install = await harness.InstallAsync(Scopes.DataRead, Scopes.AlertsWrite);

        var start = harness.Service<ISyncLauncher>().Start(install.InstalledAppId, SyncTrigger.Manual);

        Assert.False(start.Started);
        Assert.Equal(SyncStartRefusal.MissingPermission, start.Refusal);
        Assert.Contains("data:write", start.RefusalMessage);
        Assert.Equal(0, harness.Ledger(install).Count(DataResource.Transactions));
    }

    [Fact]
    public async Task A_reconciliation_mismatch_raises_one_alert_and_a_repeat_updates_it()
    {
        var install = await harness.InstallAsync();
        await harness.SyncAsync(install);
        // Someone else moves money out of @stripe in the ledger: the mirror no longer equals Stripe.
        using (var cloud = harness.DevCloud.CreateCloudClient(install))
        {
            var response = await cloud.PostAsJsonAsync($"/proxy/transactions?instance_id={install.InstanceId}", new
            {
                precise_amount = 1234, precision = 100, currency = "USD", reference = "manual-adjustment-1",
                description = "Manual", source = "@stripe", destination = "@elsewhere", allow_overdraft = true, skip_queue = true,
            });
            response.EnsureSuccessStatusCode();
        }

        var first = await harness.SyncAsync(install);
        var second = await harness.SyncAsync(install);

        var usd = Assert.Single(first.Reconciliation, line => line is { Currency: "USD", BalanceType: "payments" });
        Assert.False(usd.Matches);
        Assert.Equal(1234, Math.Abs(usd.Difference));
        // The seeded account's unmapped adjustment raises its own alert; this test is about the mismatch one.
        var alerts = harness.Ledger(install).Snapshot(DataResource.Alerts).Where(a => ((string)a["title"]!).Contains("differs from Stripe")).ToList();
        var alert = Assert.Single(alerts);
        Assert.Contains("USD", (string)alert["title"]! + (string)alert["description"]!);
        Assert.Equal(usd.AlertId ?? (string?)alert["anomaly_id"], (string?)alert["anomaly_id"]);
        Assert.Single(second.Reconciliation, line => !line.Matches);
        var record = Assert.Single(harness.Service<SyncAlerts>().ForInstall(install.InstalledAppId, openOnly: true), r => r.Kind == RaisedAlertKind.ReconciliationMismatch);
        Assert.Equal(2, record.Occurrences);
    }

    /// <summary>Reads of the ledger's mirror of Stripe's payments balance (what the reconciliation compares).</summary>
    int MirrorReadsSince(BlnkSliceApp.DevCloud.Cloud.Installs.DevCloudInstall install, DateTimeOffset since)
    {
        var indicator = SyncPreferences.Defaults(install.InstalledAppId).MirrorIndicator(StripeBalanceTypes.Payments);
        return harness.DevCloud.CallLog.Entries.Count(entry => entry.InstalledAppId == install.InstalledAppId && entry.At >= since
            && entry.Direction == BlnkSliceApp.DevCloud.Lifecycle.CallDirection.AppToCloud
            && entry.Method == "GET" && entry.Target.Contains("data/balances", StringComparison.Ordinal)
            && new[] { Uri.EscapeDataString(indicator), indicator }.Any(spelled => Regex.IsMatch(entry.Target, $"indicator_eq={Regex.Escape(spelled)}(&|$)")));
    }

    int CloudWritesSince(BlnkSliceApp.DevCloud.Cloud.Installs.DevCloudInstall install, DateTimeOffset since) =>
        harness.DevCloud.CallLog.Entries.Count(entry => entry.InstalledAppId == install.InstalledAppId && entry.At >= since
            && entry.Direction == BlnkSliceApp.DevCloud.Lifecycle.CallDirection.AppToCloud
            && entry.Method is "POST" or "PUT");
}
