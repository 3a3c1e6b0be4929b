using BlnkSliceApp.Features.Transactions;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Store;
using LiteDB;

namespace BlnkSliceApp.Features.Export;

/// <summary>
/// The postings one run settled (posted, found already in Blnk, or had refused), in the
/// Transactions view's order, read through an index a chunk at a time: a run of 100,000
/// postings streams without being held. A posting settled after a crash belongs to the run
/// that settled it, so every posting is in exactly one run's file.
/// </summary>
public sealed class RunPostings(AppDatabase database) : IStorageIndexes
{
    // Only settled postings have a key: one recorded and not yet settled costs this index nothing.
    static readonly string ByRun = SparseIndex.Of("$.InstalledAppId + '|' + $.SettledByRun + '|' + " + TransactionSearch.Tail, "$.SettledByRun != null");
    const int Chunk = 500;

    ILiteCollection<SyncItemRecord> Items => database.Collection<SyncItemRecord>(SyncItemRecord.Collection);

    public IEnumerable<SyncItemRecord> Of(string installedAppId, string runId)
    {
        var prefix = $"{installedAppId}|{runId}|";
        string? after = null;
        while (true)
        {
            // BETWEEN is inclusive: the row the last chunk ended on comes again first and is skipped.
            var chunk = Items.Query()
                .Where(SparseIndex.Between(ByRun, after ?? prefix, prefix + '\uffff'))
                .OrderBy(ByRun)
                .Limit(Chunk + 1)
                .ToList();
            foreach (var item in chunk)
            {
                var key = prefix + TransactionSearch.CursorOf(item);
                if (key == after) continue;
                after = key;
                yield return item;
            }
            if (chunk.Count <= Chunk)
                yield break;
        }
    }

    public void Ensure(LiteDatabase db) => SparseIndex.Ensure(db, SyncItemRecord.Collection, "export_run", ByRun);
}
