using BlnkSliceApp.DevCloud.Faults;
using BlnkSliceApp.DevCloud.Lifecycle;
using BlnkSliceApp.Tests.DevCloud;
using BlnkSliceApp.Shared.Sync.Engine;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Tests.Shared.Sync.Engine;

public sealed class SyncUnderFaultsTests(SyncHarness harness) : IClassFixture<SyncHarness>
{
    [Fact]
    public async Task With_a_fifth_of_Cloud_calls_failing_and_Stripe_throttling_every_item_still_lands_exactly_once()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);
        harness.Service<SyncTuning>().BatchSize = 200;
        harness.DevCloud.CloudFaults.CopyFrom(new FaultPlan { Rate500 = 0.07, Rate503 = 0.04, Rate429 = 0.05, RateTimeout = 0.04, RetryAfterSeconds = 1, TimeoutHoldMs = 1500 });
        harness.DevCloud.Stripe!.Faults.CopyFrom(new FaultPlan { Rate429 = 0.2, RetryAfterSeconds = 1 });
        try
        {
            SyncRunRecord run;
            var attempts = 0;
            do
            {
                // A run may still give up when retries run out; the next one finishes the job, exactly once.
                run = await harness.SyncAsync(install, timeoutMs: 240_000);
            } while (run.Status != SyncRunStatus.Succeeded && ++attempts < 4);

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

    [Fact]
    public async Task Uninstalling_mid_run_cancels_it_within_a_second_and_no_Cloud_call_follows_the_answer()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);
        harness.Service<SyncTuning>().BatchSize = 50;
        harness.DevCloud.CloudFaults.CopyFrom(new FaultPlan { LatencyMs = 30 });
        try
        {
            var run = harness.Start(install);
            var runs = harness.Service<SyncRuns>();
            await Eventually.TrueAsync(() => Task.FromResult(runs.Get(run.RunId)!.Counts.Posted > 0), 60_000);

            await harness.DevCloud.UninstallAsync(install.InstalledAppId);
            var answered = DateTimeOffset.UtcNow;

            await Eventually.TrueAsync(() => Task.FromResult(runs.Get(run.RunId)!.IsFinished), 1_000);
            Assert.Equal(SyncRunStatus.Cancelled, runs.Get(run.RunId)!.Status);
            await Task.Delay(1_000);
            var late = harness.DevCloud.CallLog.Entries
                // A call refused for its dead key is logged without an install: count those too.
                .Where(entry => entry.Direction == CallDirection.AppToCloud && (entry.InstalledAppId is null || entry.InstalledAppId == install.InstalledAppId))
                .Where(entry => entry.At - TimeSpan.FromMilliseconds(entry.ElapsedMs) > answered)
                .ToList();
            Assert.Empty(late);
        }
        finally
        {
            harness.DevCloud.CloudFaults.Reset();
        }
    }
}
