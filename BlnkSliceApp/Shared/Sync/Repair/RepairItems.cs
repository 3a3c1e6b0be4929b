using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Store;
using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Repair;

/// <summary>
/// The items a repair is about: the refused ones, and those of a category without a rule.
/// Each list has its own index whose key is null for every other item, so an item that is
/// neither (nearly all of them) costs no index change when the engine settles it, and a list
/// costs its own rows however many items the install has.
/// </summary>
public sealed class RepairItems(AppDatabase database) : IStorageIndexes
{
    public const string RefusedIndex = "repair_refused";
    public const string UnmappedIndex = "repair_unmapped";

    const string Tail = "FORMAT($.Created, 'D12') + '|' + $.BalanceTransactionId + '|' + FORMAT($.Sequence, 'D2')";
    const string RefusedKey = "IIF($.State = 'Rejected', $.InstalledAppId + '|' + " + Tail + ", null)";
    const string UnmappedKey = "IIF($.Unmapped = true, $.InstalledAppId + '|' + $.Category + '|' + " + Tail + ", null)";
    const string Last = "\uffff";

    ILiteCollection<SyncItemRecord> Items => database.Collection<SyncItemRecord>(SyncItemRecord.Collection);

    /// <summary>A page of the install's refused items, newest first.</summary>
    public List<SyncItemRecord> Refused(string installedAppId, int skip, int take) =>
        Items.Query()
            .Where($"{RefusedKey} BETWEEN @0 AND @1", installedAppId + "|", installedAppId + "|" + Last)
            .OrderByDescending(RefusedKey)
            .Skip(skip)
            .Limit(take)
            .ToList();

    public int RefusedCount(string installedAppId) =>
        Items.Query().Where($"{RefusedKey} BETWEEN @0 AND @1", installedAppId + "|", installedAppId + "|" + Last).Count();

    /// <summary>Every item still marked unmapped, oldest first; of one category when it is given.</summary>
    public IEnumerable<SyncItemRecord> Unmapped(string installedAppId, string? category = null)
    {
        var prefix = category is null ? installedAppId + "|" : $"{installedAppId}|{category}|";
        return Items.Query()
            .Where($"{UnmappedKey} BETWEEN @0 AND @1", prefix, prefix + Last)
            .OrderBy(UnmappedKey)
            .ToEnumerable();
    }

    public void Ensure(LiteDatabase db)
    {
        var items = db.GetCollection<SyncItemRecord>(SyncItemRecord.Collection);
        items.EnsureIndex(RefusedIndex, RefusedKey);
        items.EnsureIndex(UnmappedIndex, UnmappedKey);
    }
}
