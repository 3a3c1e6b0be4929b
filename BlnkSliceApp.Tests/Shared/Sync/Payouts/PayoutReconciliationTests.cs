using BlnkSliceApp.DevCloud.Stripe;
using BlnkSliceApp.Shared.Sync.Payouts;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;
using BlnkSliceApp.Tests.Shared.Sync.Engine;
using static BlnkSliceApp.Tests.Shared.Sync.Payouts.PayoutAssertions;

namespace BlnkSliceApp.Tests.Shared.Sync.Payouts;

public sealed class PayoutReconciliationTests(SyncHarness harness) : IClassFixture<SyncHarness>
{
    PayoutStore Store => harness.Service<PayoutStore>();
    StripeAccountState Account => harness.DevCloud.Stripe!.Account;

    [Fact]
    public async Task Every_posting_inside_a_payout_carries_the_payout_id_and_each_payout_reconciles()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);

        var run = await harness.SyncAsync(install);

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.True(AssertPostingsCarryTheirPayout(harness, install) > 100);
        AssertCompletedPayoutsReconcile(harness, install);
        harness.AssertEveryBalanceTransactionPostedOnce(install);
        harness.AssertLedgerMirrorsStripe(install);
    }

    [Fact]
    public async Task Postings_of_a_first_sync_carry_their_payout_id_from_creation_without_a_metadata_update()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);

        await harness.SyncAsync(install);

        var ledger = harness.Ledger(install);
        var tagged = harness.Transactions(install).Where(t => PayoutIdOf(t) is not null).ToList();
        Assert.NotEmpty(tagged);
        Assert.All(tagged, t => Assert.Equal(0, ledger.MetadataWritesOf((string)t["transaction_id"]!)));
    }

    [Fact]
    public async Task A_posting_given_its_payout_id_as_it_is_sent_keeps_it_in_its_local_record()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);

        await harness.SyncAsync(install);

        var tagged = harness.Transactions(install).Where(t => PayoutIdOf(t) is not null).Take(20).ToList();
        Assert.NotEmpty(tagged);
        var recorded = harness.Service<SyncItems>().Find(tagged.Select(t => SyncItemRecord.IdFor(install.InstalledAppId, (string)t["reference"]!)))
            .ToDictionary(item => item.Reference);
        Assert.All(tagged, t => Assert.Contains($"\"payout_id\":\"{PayoutIdOf(t)}\"", recorded[(string)t["reference"]!].MetaDataJson, StringComparison.Ordinal));
    }

    [Fact]
    public void Finding_the_payout_of_balance_transactions_seeks_an_index_instead_of_reading_every_payout_item()
    {
        var plan = harness.Service<BlnkSliceApp.Shared.Storage.AppDatabase>().Collection<PayoutItemRecord>(PayoutItemRecord.Collection).Query()
            .Where(PayoutStore.OfTransactions("a", ["txn_1", "txn_2"]))
            .GetPlan();

        Assert.Equal("by_transaction", plan["index"]["name"].AsString);
    }

    [Fact]
    public async Task A_payout_waits_until_Stripe_has_worked_out_what_it_holds_then_its_posted_items_get_the_id_once()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);
        await harness.SyncAsync(install);
        var payoutId = Assert.Single(Account.AddActivity(new StripeActivityRequest { Payments = 0, Refunds = 0, Payouts = 1 }).PayoutIds);

        await harness.SyncAsync(install);

        var waiting = Store.Get(install.InstalledAppId, payoutId)!;
        Assert.Equal(("pending", "in_progress", PayoutItemsState.Waiting), (waiting.Status, waiting.ReconciliationStatus, waiting.Items));
        var inPayout = Account.BalanceTransactions.Where(t => t.PayoutId == payoutId).Select(t => t.Id).ToList();
        var byReference = harness.Transactions(install).ToDictionary(t => (string)t["reference"]!);
        Assert.All(inPayout.SelectMany(id => PostingsOf(byReference, id)), posting => Assert.Null(PayoutIdOf(posting)));

        Account.CompletePayoutReconciliation(payoutId);
        await harness.SyncAsync(install);
        await harness.SyncAsync(install);

        var completed = Store.Get(install.InstalledAppId, payoutId)!;
        Assert.True(completed.Reconciled);
        Assert.True(completed.TaggingDone);
        var ledger = harness.Ledger(install);
        byReference = harness.Transactions(install).ToDictionary(t => (string)t["reference"]!);
        var postings = inPayout.SelectMany(id => PostingsOf(byReference, id)).ToList();
        Assert.True(postings.Count >= inPayout.Count);
        Assert.All(postings, posting =>
        {
            Assert.Equal(payoutId, PayoutIdOf(posting));
            Assert.Equal(1, ledger.MetadataWritesOf((string)posting["transaction_id"]!));
            // The rest of the app's metadata is kept.
            Assert.NotNull(posting["meta_data"]?["stripe_sync"]?["balance_transaction_id"]);
        });
        AssertPostingsCarryTheirPayout(harness, install);
    }

    [Fact]
    public async Task With_the_default_backfill_a_payout_holding_older_transactions_still_reconciles_and_counts_them_as_before_the_ledger()
    {
        var install = await harness.InstallAsync();

        await harness.SyncAsync(install);

        AssertCompletedPayoutsReconcile(harness, install);
        var mirrorFrom = Store.State(install.InstalledAppId)!.MirrorFrom;
        var straddling = Store.Page(install.InstalledAppId, 0, 1000).Where(p => p.ItemsBeforeMirror > 0).ToList();
        Assert.NotEmpty(straddling);
        Assert.All(straddling, p => Assert.True(p.Created >= mirrorFrom));
        AssertPostingsCarryTheirPayout(harness, install);
    }

    [Fact]
    public void A_payout_whose_items_do_not_add_up_keeps_the_difference()
    {
        var payout = new PayoutRecord { Amount = 10_000, Items = PayoutItemsState.Listed, ItemsNet = 9_700 };
        var unlisted = new PayoutRecord { Amount = 10_000, Items = PayoutItemsState.Waiting };

        Assert.False(payout.Reconciled);
        Assert.Equal(300, payout.Difference);
        Assert.False(unlisted.Reconciled);
        Assert.Null(unlisted.Difference);
    }
}
