using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Store;
using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Repair;

/// <summary>
/// The items a repair is about: the refused ones, and those of a category without a rule.
/// Each list has its own sparse index (<see cref="SparseIndex"/>) that holds no other item, so an
/// item that is neither (nearly all of them) costs these indexes nothing when it is recorded or
/// settled, and a list costs its own rows however many items the install has.
/// </summary>
public sealed class RepairItems(AppDatabase database) : IStorageIndexes
{
    public const string RefusedIndex = "repair_refused";
    public const string UnmappedIndex = "repair_unmapped";

    const string Tail = "FORMAT($.Created, 'D12') + '|' + $.BalanceTransactionId + '|' + FORMAT($.Sequence, 'D2')";
    static readonly string RefusedKey = SparseIndex.Of("$.InstalledAppId + '|' + " + Tail, "$.State = 'Rejected'");
    static readonly string UnmappedKey = SparseIndex.Of("$.InstalledAppId + '|' + $.Category + '|' + " + Tail, "$.Unmapped = true");

    ILiteCollection<SyncItemRecord> Items => database.Collection<SyncItemRecord>(SyncItemRecord.Collection);

    /// <summary>A page of the install's refused items, newest first.</summary>
    public List<SyncItemRecord> Refused(string installedAppId, int skip, int take) =>
        Items.Query()
            .Where(SparseIndex.StartingWith(RefusedKey, installedAppId + "|"))
            .OrderByDescending(RefusedKey)
            .Skip(skip)
            .Limit(take)
            .ToList();

    public int RefusedCount(string installedAppId) =>
        Items.Query().Where(SparseIndex.StartingWith(RefusedKey, installedAppId + "|")).Count();

    /// <summary>Every item still marked unmapped, oldest first; of one category when it is given.</summary>
    public IEnumerable<SyncItemRecord> Unmapped(string installedAppId, string? category = null)
    {
        var prefix = category is null ? installedAppId + "|" : $"{installedAppId}|{category}|";
        return Items.Query()
            .Where(SparseIndex.StartingWith(UnmappedKey, prefix))
            .OrderBy(UnmappedKey)
            .ToEnumerable();
    }

    /// <summary>
    /// The fields the Repair view sums, of every item still marked unmapped (at most
    /// <paramref name="limit"/>): read as plain documents, without building a record for each.
    /// </summary>
    public IEnumerable<UnmappedRow> UnmappedRows(string installedAppId, int limit)
    {
        var prefix = installedAppId + "|";
        foreach (var row in Items.Query()
                     .Where(SparseIndex.StartingWith(UnmappedKey, prefix))
                     .Select("{g: $.Category, b: $.BalanceTransactionId, c: $.Currency, p: $.Precision, a: $.PreciseAmount, s: $.Source, d: $.Destination, t: $.Created}")
                     .Limit(limit)
                     .ToEnumerable())
            yield return new UnmappedRow(row["g"].AsString, row["b"].AsString, row["c"].AsString, row["p"].AsInt64, row["a"].AsInt64,
                Enum.Parse<Mapping.LedgerRole>(row["s"].AsString), Enum.Parse<Mapping.LedgerRole>(row["d"].AsString), row["t"].AsInt64);
    }

    public void Ensure(LiteDatabase db)
    {
        SparseIndex.Ensure(db, SyncItemRecord.Collection, RefusedIndex, RefusedKey);
        SparseIndex.Ensure(db, SyncItemRecord.Collection, UnmappedIndex, UnmappedKey);
    }
}

/// <summary>What the Repair view needs of an unmapped item.</summary>
public sealed record UnmappedRow(string Category, string BalanceTransactionId, string Currency, long Precision, long PreciseAmount,
    Mapping.LedgerRole Source, Mapping.LedgerRole Destination, long Created);
