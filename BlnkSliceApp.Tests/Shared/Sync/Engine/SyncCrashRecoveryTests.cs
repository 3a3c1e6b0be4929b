using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Engine;
using Microsoft.Extensions.Options;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Tests.Shared.Sync.Engine;

/// <summary>
/// The process "dies" at a chosen instant of a run (nothing more is written, as with a kill),
/// the app restarts over the same database, and the run resumes: every balance transaction
/// still ends up in the ledger exactly once.
/// </summary>
public sealed class SyncCrashRecoveryTests(SyncHarness harness) : IClassFixture<SyncHarness>
{
    [Theory]
    [InlineData(SyncCrashPoints.AfterPageRecorded, 2)]
    [InlineData(SyncCrashPoints.AfterBatchMarkedSending, 1)]
    [InlineData(SyncCrashPoints.AfterBatchSent, 1)]
    [InlineData(SyncCrashPoints.AfterBatchSent, 2)]
    [InlineData(SyncCrashPoints.AfterBatchSettled, 1)]
    public async Task A_run_killed_at_any_point_and_restarted_posts_every_item_exactly_once(string point, int occurrence)
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);
        harness.Service<SyncTuning>().BatchSize = 100;
        harness.Service<SyncCrashPoints>().Arm(point, occurrence);

        var crashed = harness.Start(install);
        await harness.StuckAsync(crashed.RunId);
        await harness.DevCloud.RestartAppAsync();
        var resumed = await harness.LatestFinishedAsync(install);

        Assert.Equal(SyncRunStatus.Interrupted, harness.Service<SyncRuns>().Get(crashed.RunId)!.Status);
        Assert.Equal(SyncTrigger.Resume, resumed.Trigger);
        Assert.Equal(SyncRunStatus.Succeeded, resumed.Status);
        harness.AssertEveryBalanceTransactionPostedOnce(install);
        harness.AssertLedgerMirrorsStripe(install);
    }

    [Fact]
    public async Task A_run_killed_with_two_parts_of_its_listing_half_read_resumes_each_part_and_posts_every_item_exactly_once()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);
        harness.Service<SyncTuning>().BatchSize = 100;
        var gateway = harness.Service<IOptions<StripeGatewayOptions>>().Value;
        gateway.ListPageSize = 10;
        try
        {
            harness.Service<SyncCrashPoints>().Arm(SyncCrashPoints.AfterPageWithRangesHalfRead, 2);

            var crashed = harness.Start(install);
            await harness.StuckAsync(crashed.RunId);
            var stopped = harness.Service<SyncRuns>().Get(crashed.RunId)!;
            Assert.True(stopped.Ranges!.Count(range => range is { Done: false, Cursor: not null }) >= 2);
            await harness.DevCloud.RestartAppAsync();
            var resumed = await harness.LatestFinishedAsync(install);

            Assert.Equal(SyncRunStatus.Succeeded, resumed.Status);
            Assert.True(resumed.ListingDone);
            Assert.Empty(resumed.Ranges!);
            harness.AssertEveryBalanceTransactionPostedOnce(install);
            harness.AssertLedgerMirrorsStripe(install);
        }
        finally
        {
            gateway.ListPageSize = 100;
        }
    }

    [Fact]
    public async Task A_batch_a_crash_left_in_flight_is_confirmed_by_look_up_and_never_sent_again()
    {
        var install = await harness.InstallAsync();
        harness.BackfillEverything(install);
        harness.Service<SyncTuning>().BatchSize = 100;
        harness.Service<SyncCrashPoints>().Arm(SyncCrashPoints.AfterBatchSent, 1);

        var crashed = harness.Start(install);
        await harness.StuckAsync(crashed.RunId);
        await harness.DevCloud.RestartAppAsync();
        var restartedAt = DateTimeOffset.UtcNow;
        var resumed = await harness.LatestFinishedAsync(install);

        Assert.Equal(SyncRunStatus.Succeeded, resumed.Status);
        Assert.Equal(100, resumed.Counts.AlreadyPresent);
        // Sent again, the batch would be refused as duplicates, one bulk call per item.
        var refusedBulkPosts = harness.DevCloud.CallLog.Entries.Count(call => call.At >= restartedAt && call.InstalledAppId == install.InstalledAppId
            && call.Target.StartsWith("/proxy/transactions/bulk", StringComparison.Ordinal) && call.Status is not (>= 200 and < 300));
        Assert.Equal(0, refusedBulkPosts);
        harness.AssertEveryBalanceTransactionPostedOnce(install);
    }
}
