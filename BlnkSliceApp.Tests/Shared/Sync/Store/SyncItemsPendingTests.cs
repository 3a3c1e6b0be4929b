using BlnkSliceApp.Features.SyncNow;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Tests.Shared.Sync.Store;

/// <summary>How many postings an install still owes Blnk, and what the progress bar makes of it.</summary>
public sealed class SyncItemsPendingTests(AppFactory app) : AppTests(app)
{
    static readonly DateTimeOffset Created = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task The_pending_count_goes_past_its_chunks_and_counts_only_the_install_s_unsettled_postings()
    {
        var install = await Client.CreateInstallAsync();
        var other = await Client.CreateInstallAsync();
        var pending = Enumerable.Range(0, 2345)
            .Select(i => SyncedItems.Item(install.InstalledAppId, "charge", "USD", 100 + i, LedgerRole.Stripe, LedgerRole.Unattributed, Created.AddSeconds(i % 7),
                state: i % 10 == 0 ? SyncItemState.Sending : SyncItemState.Planned));
        var settled = Enumerable.Range(0, 300)
            .Select(i => SyncedItems.Item(install.InstalledAppId, "charge", "USD", 5, LedgerRole.Stripe, LedgerRole.Unattributed, Created, state: SyncItemState.Posted));
        var others = Enumerable.Range(0, 7)
            .Select(i => SyncedItems.Item(other.InstalledAppId, "charge", "USD", 5, LedgerRole.Stripe, LedgerRole.Unattributed, Created, state: SyncItemState.Planned));
        App.Service<AppDatabase>().Store([.. pending, .. settled, .. others]);

        Assert.Equal(2345, App.Service<SyncItems>().PendingCount(install.InstalledAppId));
        Assert.Equal(7, App.Service<SyncItems>().PendingCount(other.InstalledAppId));
    }

    [Fact]
    public async Task Posting_progress_is_what_the_run_recorded_plus_what_was_owed_before_without_counting_the_queue()
    {
        var install = await Client.CreateInstallAsync();
        // Postings in the queue that the run's figures do not name: were the bar to count the queue, it would show them.
        App.Service<AppDatabase>().Store([.. Enumerable.Range(0, 50).Select(_ =>
            SyncedItems.Item(install.InstalledAppId, "charge", "USD", 5, LedgerRole.Stripe, LedgerRole.Unattributed, Created, state: SyncItemState.Planned))]);
        var run = new SyncRunRecord
        {
            RunId = "run_progress",
            InstalledAppId = install.InstalledAppId,
            Status = SyncRunStatus.Running,
            Phase = "Posting to the ledger",
            PendingBefore = 5,
            Counts = new SyncCounts { Fetched = 8, Recorded = 15, Posted = 3, AlreadyPresent = 1 },
        };

        var view = App.Service<SyncProgressViews>().For(run);

        Assert.Equal(4, view.Settled);
        Assert.Equal(16, view.Remaining);
        Assert.Equal(20, view.Percent);
    }
}
