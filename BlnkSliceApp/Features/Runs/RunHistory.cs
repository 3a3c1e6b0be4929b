using System.Collections.Concurrent;
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

    /// <summary>
    /// One page of the install's runs, newest first. Skipping reads every skipped run (LiteDB
    /// loads documents to skip them), so deeper pages look the run ids up in the install's order
    /// of runs, read once and kept until a run is added.
    /// </summary>
    public IReadOnlyList<SyncRunRecord> Page(string installedAppId, int skip, int take)
    {
        if (skip == 0)
            return NewestFirst(installedAppId, take).ToList();
        var order = OrderOf(installedAppId);
        return order.Skip(skip).Take(take).Select(id => Runs.FindById(id)).OfType<SyncRunRecord>().ToList();
    }

    // Runs are only ever added, each the newest of its install (and all erased together on
    // uninstall), so the newest run's id tells whether the kept order is still the install's.
    readonly ConcurrentDictionary<string, (string? Latest, string[] Ids)> _orders = new(StringComparer.Ordinal);

    string[] OrderOf(string installedAppId)
    {
        var latest = Latest(installedAppId)?.RunId;
        if (_orders.TryGetValue(installedAppId, out var known) && known.Latest == latest)
            return known.Ids;
        var ids = Runs.Query()
            .Where($"{Key} BETWEEN @0 AND @1", installedAppId + "|", installedAppId + "|~")
            .OrderByDescending(Key)
            .Select(run => run.RunId)
            .ToArray();
        _orders[installedAppId] = (latest, ids);
        return ids;
    }

    /// <summary>How many runs the install has (counting loads every run, so it is kept with the order).</summary>
    public int Count(string installedAppId) => OrderOf(installedAppId).Length;

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
