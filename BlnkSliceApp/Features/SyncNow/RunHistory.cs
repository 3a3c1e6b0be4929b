using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Runs;
using LiteDB;

namespace BlnkSliceApp.Features.SyncNow;

/// <summary>
/// The portal's reads of sync runs. The engine writes them (Shared/Sync/Runs/SyncRuns) and
/// declares the collection's indexes; this class only reads.
/// </summary>
public sealed class RunHistory(AppDatabase database)
{
    public const int Shown = 10;

    ILiteCollection<SyncRunRecord> Runs => database.Collection<SyncRunRecord>(SyncRunRecord.Collection);

    public SyncRunRecord? Get(string installedAppId, string runId) =>
        Runs.FindById(runId) is { } run && run.InstalledAppId == installedAppId ? run : null;

    /// <summary>The install's most recent runs, newest first.</summary>
    public IReadOnlyList<SyncRunRecord> Recent(string installedAppId, int count = Shown) =>
        Runs.Query()
            .Where(run => run.InstalledAppId == installedAppId)
            .OrderByDescending(run => run.StartedAt)
            .Limit(count)
            .ToList();
}
