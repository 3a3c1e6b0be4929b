using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Disputes;

/// <summary>The disputes each install has seen, and up to when it listed them.</summary>
public sealed class DisputeStore(AppDatabase database) : IStorageIndexes, IInstallErasable
{
    ILiteCollection<WatchedDispute> Disputes => database.Collection<WatchedDispute>(WatchedDispute.Collection);
    ILiteCollection<DisputeWatchState> States => database.Collection<DisputeWatchState>(DisputeWatchState.Collection);

    public WatchedDispute? Get(string installedAppId, string disputeId) => Disputes.FindById(WatchedDispute.IdFor(installedAppId, disputeId));

    /// <summary>The oldest open dispute's creation (Unix seconds), or null when none is open.</summary>
    public long? OldestOpen(string installedAppId) =>
        Disputes.Find(KeyRange.StartingWith("_id", installedAppId + "|"))
            .Where(d => !d.IsFinal)
            .Select(d => (long?)d.Created)
            .Min();

    public DisputeWatchState? State(string installedAppId) => States.FindById(installedAppId);

    public void Save(WatchedDispute dispute) => Disputes.Upsert(dispute);

    public void Save(DisputeWatchState state) => States.Upsert(state);

    /// <summary>After an uninstall the disputes go too: a re-install lists them again (its alerts are new ones).</summary>
    public int EraseInstallData(string installedAppId) => database.InTransaction(() =>
        Disputes.DeleteMany(KeyRange.StartingWith("_id", installedAppId + "|")) + (States.Delete(installedAppId) ? 1 : 0));

    public void Ensure(LiteDatabase db) { }
}
