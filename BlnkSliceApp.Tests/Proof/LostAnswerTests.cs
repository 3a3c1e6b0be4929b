using BlnkSliceApp.DevCloud.Faults;
using BlnkSliceApp.DevCloud.Proof.Faults;
using BlnkSliceApp.Shared.Sync.Engine;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Tests.Shared.Sync.Engine;

namespace BlnkSliceApp.Tests.Proof;

/// <summary>Cloud carries out a write and its answer never arrives: the engine finds out what landed, cheaply.</summary>
public sealed class LostAnswerTests(SyncHarness harness) : IClassFixture<SyncHarness>
{
    [Fact]
    public async Task A_bulk_answer_lost_after_Blnk_applied_it_is_settled_with_a_few_look_ups_not_one_per_item()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);
        harness.Service<SyncTuning>().BatchSize = 200;
        harness.DevCloud.CloudFaults.CopyFrom(new FaultPlan { LoseNextBulkAnswers = 1 });
        var injector = harness.DevCloud.CloudFaultInjector;
        var (lostBulk, settling) = (injector.LostBulkAnswerCount, injector.SettlingLookUpCount);
        var since = DateTimeOffset.UtcNow;
        SyncRunRecord run;
        try
        {
            run = await harness.SyncAsync(install);
        }
        finally
        {
            harness.DevCloud.CloudFaults.Reset();
        }

        Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        Assert.Equal(200, run.Counts.AlreadyPresent);
        var calls = harness.DevCloud.CallLog.Entries.Where(call => call.At >= since && call.InstalledAppId == install.InstalledAppId).ToList();
        var bulks = calls.Select((call, index) => (call, index)).Where(pair => pair.call.Target.StartsWith("/proxy/transactions/bulk", StringComparison.Ordinal)).ToList();
        var refusedBulks = bulks.Count(pair => pair.call.Status == 409);
        // The look-ups that settle the refused batch: between its 409 and the next bulk post (later phases, payouts, look references up for their own reasons).
        var refused = bulks.First(pair => pair.call.Status == 409).index;
        var next = bulks.FirstOrDefault(pair => pair.index > refused).index is var after and > 0 ? after : calls.Count;
        var lookUps = calls.Skip(refused).Take(next - refused)
            .Count(call => call.Target.StartsWith("/data/transactions?", StringComparison.Ordinal) && call.Target.Contains("reference", StringComparison.Ordinal));
        // The retry meets the batch's first item (one 409); its 200 items are confirmed 100 per look-up.
        Assert.Equal(1, refusedBulks);
        Assert.InRange(lookUps, 1, 4);
        // DevCloud's own count for the proof's "per lost bulk answer" figure: the look-ups naming the lost batch's postings.
        Assert.Equal(1, injector.LostBulkAnswerCount - lostBulk);
        Assert.InRange(injector.SettlingLookUpCount - settling, 1, 4);
        harness.AssertEveryBalanceTransactionPostedOnce(install);
        harness.AssertLedgerMirrorsStripe(install);
    }

    [Fact]
    public async Task With_a_tenth_of_write_answers_lost_a_fifth_of_Cloud_calls_failing_and_Stripe_throttling_every_item_lands_exactly_once()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);
        harness.Service<SyncTuning>().BatchSize = 100;
        harness.DevCloud.CloudFaults.CopyFrom(ProofFaults.Cloud);
        harness.DevCloud.Stripe!.Faults.CopyFrom(ProofFaults.Stripe);
        try
        {
            SyncRunRecord run;
            var attempts = 0;
            do
            {
                // A run may still give up when retries run out; the next one finishes the job, exactly once.
                run = await harness.SyncAsync(install, timeoutMs: 240_000);
            } while (run.Status != SyncRunStatus.Succeeded && ++attempts < 5);
            Assert.Equal(SyncRunStatus.Succeeded, run.Status);
        }
        finally
        {
            harness.DevCloud.CloudFaults.Reset();
            harness.DevCloud.Stripe.Faults.Reset();
        }
        harness.AssertEveryBalanceTransactionPostedOnce(install);
        harness.AssertLedgerMirrorsStripe(install);
    }
}
