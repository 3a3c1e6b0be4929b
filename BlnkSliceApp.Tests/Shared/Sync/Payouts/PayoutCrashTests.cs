using BlnkSliceApp.DevCloud.Stripe;
using BlnkSliceApp.Shared.Sync.Engine;
using BlnkSliceApp.Shared.Sync.Payouts;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Tests.Shared.Sync.Engine;
using static BlnkSliceApp.Tests.Shared.Sync.Payouts.PayoutAssertions;

namespace BlnkSliceApp.Tests.Shared.Sync.Payouts;

/// <summary>
/// The process "dies" inside the payout phase (nothing more is written, as with a kill), the app
/// restarts over the same database and the run resumes: every payout is still reconciled and
/// every posting tagged exactly once.
/// </summary>
public sealed class PayoutCrashTests(SyncHarness harness) : IClassFixture<SyncHarness>
{
    StripeAccountState Account => harness.DevCloud.Stripe!.Account;

    [Fact]
    public async Task A_run_killed_while_recording_payout_items_resumes_and_reconciles_every_payout()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);
        harness.Service<SyncCrashPoints>().Arm(SyncCrashPoints.AfterPayoutPageRecorded, 3);

        var crashed = harness.Start(install);
        await harness.StuckAsync(crashed.RunId);
        await harness.DevCloud.RestartAppAsync();
        var resumed = await harness.LatestFinishedAsync(install);

        Assert.Equal(SyncRunStatus.Interrupted, harness.Service<SyncRuns>().Get(crashed.RunId)!.Status);
        Assert.Equal(SyncRunStatus.Succeeded, resumed.Status);
        AssertCompletedPayoutsReconcile(harness, install);
        AssertPostingsCarryTheirPayout(harness, install);
        harness.AssertEveryBalanceTransactionPostedOnce(install);
    }

    [Fact]
    public async Task A_run_killed_after_tagging_postings_in_the_ledger_never_tags_them_again()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);
        await harness.SyncAsync(install);
        var payoutId = Assert.Single(Account.AddActivity(new StripeActivityRequest { Payments = 0, Refunds = 0, Payouts = 1 }).PayoutIds);
        await harness.SyncAsync(install);
        Account.CompletePayoutReconciliation(payoutId);
        harness.Service<SyncCrashPoints>().Arm(SyncCrashPoints.AfterPayoutTagsSent);

        var crashed = harness.Start(install);
        await harness.StuckAsync(crashed.RunId);
        await harness.DevCloud.RestartAppAsync();
        var resumed = await harness.LatestFinishedAsync(install);
        await harness.SyncAsync(install);

        Assert.Equal(SyncRunStatus.Succeeded, resumed.Status);
        var payout = harness.Service<PayoutStore>().Get(install.InstalledAppId, payoutId)!;
        Assert.True(payout.Reconciled);
        Assert.True(payout.TaggingDone);
        var ledger = harness.Ledger(install);
        var byReference = harness.Transactions(install).ToDictionary(t => (string)t["reference"]!);
        var postings = Account.BalanceTransactions.Where(t => t.PayoutId == payoutId).SelectMany(t => PostingsOf(byReference, t.Id)).ToList();
        Assert.NotEmpty(postings);
        Assert.All(postings, posting =>
        {
            Assert.Equal(payoutId, PayoutIdOf(posting));
            Assert.Equal(1, ledger.MetadataWritesOf((string)posting["transaction_id"]!));
        });
    }
}
