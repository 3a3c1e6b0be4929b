using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Store;
using LiteDB;

namespace BlnkSliceApp.Features.Alerts;

/// <summary>
/// Postings a person flagged for review from the Transactions view: one record per posting in
/// the app's alert log (kind <see cref="RaisedAlertKind.FlaggedForReview"/>, subject its ledger
/// reference), so a second click finds the first alert instead of raising another.
/// </summary>
public sealed class ReviewFlags(AppDatabase database)
{
    readonly KeyedLocks _locks = new();

    /// <summary>Held while one posting is being flagged, so two clicks at once raise one alert.</summary>
    public Task<IDisposable> LockAsync(string installedAppId, string reference, CancellationToken ct) =>
        _locks.AcquireAsync($"{installedAppId}|{reference}", ct);

    ILiteCollection<RaisedAlertRecord> Alerts => database.Collection<RaisedAlertRecord>(RaisedAlertRecord.Collection);
    ILiteCollection<SyncItemRecord> Items => database.Collection<SyncItemRecord>(SyncItemRecord.Collection);

    public SyncItemRecord? Posting(string installedAppId, string reference) =>
        Items.FindById(SyncItemRecord.IdFor(installedAppId, reference));

    /// <summary>The open flag on this posting, if someone raised one and nobody resolved it.</summary>
    public RaisedAlertRecord? OpenFlag(string installedAppId, string reference) =>
        Alerts.FindById(SyncAlerts.IdFor(installedAppId, RaisedAlertKind.FlaggedForReview, reference)) is { Open: true } flag ? flag : null;

    public void Save(RaisedAlertRecord flag) => Alerts.Upsert(flag);

    /// <summary>Only postings in the ledger can be flagged: Cloud's alert hangs on the Blnk transaction.</summary>
    public static bool CanBeFlagged(SyncItemRecord item) =>
        item.TransactionId is { Length: > 0 } && item.State is SyncItemState.Posted or SyncItemState.AlreadyPresent;
}
