using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Runs;
using LiteDB;

namespace BlnkSliceApp.Features.Runs;

/// <summary>
/// The portal's reads of sync runs. The engine writes them (Shared/Sync/Runs/SyncRuns); this
/// class only reads, newest first, through an index of install and start time, so a page of
/// runs costs its 25 documents however long the history is.
/// </summary>
public sealed class RunHistory(AppDatabase database) : IStorageIndexes
{
    public const string ByInstallAndStart = "install_started";
    const string Key = "$.InstalledAppId + '|' + FORMAT($.StartedAt, 'D15')";

    ILiteCollection<SyncRunRecord> Runs => database.Collection<SyncRunRecord>(SyncRunRecord.Collection);

    public SyncRunRecord? Get(string installedAppId, string runId) =>
        Runs.FindById(runId) is { } run && run.InstalledAppId == installedAppId ? run : null;

    public SyncRunRecord? Latest(string installedAppId) => NewestFirst(installedAppId, 1).FirstOrDefault();

    /// <summary>One page of the install's runs, newest first.</summary>
    public IReadOnlyList<SyncRunRecord> Page(string installedAppId, int skip, int take) =>
        Runs.Query()
            .Where($"{Key} BETWEEN @0 AND @1", installedAppId + "|", installedAppId + "|~")
            .OrderByDescending(Key)
            .Skip(skip)
            .Limit(take)
            .ToList();

    public int Count(string installedAppId) => Runs.Count(run => run.InstalledAppId == installedAppId);

    /// <summary>
    /// The latest sync that ended well, for "last completed" and the stalled-schedule check. A
    /// repair run reads nothing from Stripe, so it is not a completed sync.
    /// </summary>
    public SyncRunRecord? LatestSucceeded(string installedAppId, int lookBack = 50) =>
        NewestFirst(installedAppId, lookBack).FirstOrDefault(run => run.Status == SyncRunStatus.Succeeded && run.Trigger != SyncTrigger.Repair);

    /// <summary>The latest run that compared Stripe's balances with the ledger (a failed run may not have).</summary>
    public SyncRunRecord? LatestReconciled(string installedAppId, int lookBack = 25) =>
        NewestFirst(installedAppId, lookBack).FirstOrDefault(run => run.Reconciliation.Count > 0);

    /// <summary>The latest run that read Stripe (not a repair): what the schedule counts its interval from.</summary>
    public SyncRunRecord? LatestSync(string installedAppId, int lookBack = 50) =>
        NewestFirst(installedAppId, lookBack).FirstOrDefault(run => run.Trigger != SyncTrigger.Repair);

    /// <summary>
    /// Newest first, read as they are consumed: the look-ups above usually stop at the first run,
    /// and each run read costs (its totals and reconciliation come with it).
    /// </summary>
    IEnumerable<SyncRunRecord> NewestFirst(string installedAppId, int limit) =>
        Runs.Query()
            .Where($"{Key} BETWEEN @0 AND @1", installedAppId + "|", installedAppId + "|~")
            .OrderByDescending(Key)
            .Limit(limit)
            .ToEnumerable();

    public void Ensure(LiteDatabase db) =>
        db.GetCollection<SyncRunRecord>(SyncRunRecord.Collection).EnsureIndex(ByInstallAndStart, Key);
}
