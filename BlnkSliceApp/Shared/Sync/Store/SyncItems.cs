using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Store;

/// <summary>The sync's record of every posting it owes Blnk, per install.</summary>
public sealed class SyncItems(AppDatabase database) : IStorageIndexes, IInstallErasable
{
    // Only items still owed to Blnk, or still waiting for a charge's customer, have keys here.
    const string PendingIndex = "pending";
    const string AwaitingIndex = "awaiting_charge";
    static readonly string Pending = SparseIndex.OfField(nameof(SyncItemRecord.PendingKey));
    static readonly string Awaiting = SparseIndex.OfField(nameof(SyncItemRecord.AwaitingCharge));

    ILiteCollection<SyncItemRecord> Items => database.Collection<SyncItemRecord>(SyncItemRecord.Collection);

    // FindById seeks the primary key directly; Exists(Query) plans a query each time and costs ten times more.
    public bool IsRecorded(string installedAppId, string reference) =>
        Items.FindById(SyncItemRecord.IdFor(installedAppId, reference)) is not null;

    /// <summary>
    /// Inserts the items that are new and returns them; items already recorded are left as they
    /// are. Only items that <paramref name="mayBeRecorded"/> are looked up first (a look-up costs
    /// about as much as the insert).
    /// </summary>
    public List<SyncItemRecord> RecordNew(IEnumerable<SyncItemRecord> items, Func<SyncItemRecord, bool> mayBeRecorded)
    {
        var added = new List<SyncItemRecord>();
        foreach (var item in items)
            if (!mayBeRecorded(item) || Items.FindById(item.Id) is null)
            {
                Items.Insert(item);
                added.Add(item);
            }
        return added;
    }

    /// <summary>The items of these ids that are recorded, in the order asked (many ids: one query per chunk, see <see cref="PrimaryKey"/>).</summary>
    public List<SyncItemRecord> Find(IEnumerable<string> ids)
    {
        var wanted = ids as IReadOnlyList<string> ?? ids.ToList();
        if (wanted.Count == 1)
            return Items.FindById(wanted[0]) is { } one ? [one] : [];
        var found = PrimaryKey.FindMany(Items, wanted, item => item.Id);
        return wanted.Select(id => found.GetValueOrDefault(id)).OfType<SyncItemRecord>().ToList();
    }

    /// <summary>
    /// The next items to post, oldest first; Sending ones (unknown outcome) come first of all.
    /// Reads stay bounded on purpose: one long read over a whole backfill would pull every page
    /// of the collection into LiteDB's page cache, which never shrinks (LiteDB#2813).
    /// </summary>
    public List<SyncItemRecord> NextPending(string installedAppId, int count) =>
        Items.Query()
            .Where(SparseIndex.StartingWith(Pending, SyncItemRecord.PendingPrefix(installedAppId)))
            .OrderBy(Pending)
            .Limit(count)
            .ToList();

    /// <summary>The other items of the same balance transaction still to be posted (a few at most).</summary>
    public List<SyncItemRecord> PendingOfTransaction(SyncItemRecord item) =>
        new[] { "0", "1" }
            .SelectMany(state => Items.Query()
                .Where(SparseIndex.StartingWith(Pending,
                    $"{SyncItemRecord.PendingPrefix(item.InstalledAppId)}{state}|{item.Created:D12}|{item.BalanceTransactionId}|"))
                .ToList())
            .Where(sibling => sibling.Id != item.Id)
            .ToList();

    /// <summary>Items still waiting for their charge's customer (see <see cref="SyncItemRecord.AwaitingCharge"/>).</summary>
    public List<SyncItemRecord> AwaitingCustomer(string installedAppId, int count) =>
        Items.Query()
            .Where(SparseIndex.StartingWith(Awaiting, SyncItemRecord.PendingPrefix(installedAppId)))
            .Limit(count)
            .ToList();

    public void Save(IEnumerable<SyncItemRecord> items) =>
        database.InTransaction(() =>
        {
            Update(items);
            return 0;
        });

    /// <summary>
    /// As <see cref="Save"/>, inside the caller's transaction (a transaction opened inside another
    /// on the same thread would commit the outer one early, leaving the rest of it unbatched).
    /// </summary>
    public void Update(IEnumerable<SyncItemRecord> items)
    {
        foreach (var item in items)
            Items.Update(item);
    }

    /// <summary>
    /// Settled items keep their reference, state and amounts (what makes a re-install
    /// exactly-once), not their descriptions: the ledger has those, and older versions of the app
    /// named customers in them. Items still owed to Blnk keep everything they need to be posted.
    /// </summary>
    public int EraseInstallData(string installedAppId)
    {
        const int Batch = 1000;
        var prefix = SyncItemRecord.PendingPrefix(installedAppId);
        var cleared = 0;
        var after = prefix;
        while (true)
        {
            var page = Items.Query()
                .Where(KeyRange.StartingWithAfter("_id", prefix, after))
                .OrderBy("_id")
                .Limit(Batch)
                .ToList();
            if (page.Count == 0)
                return cleared;
            after = page[^1].Id;
            // LiteDB reads an emptied description back as null: an install erased before (twice uninstalled, or the erasure run again) has nothing left to clear.
            var settled = page.Where(item => item.PendingKey is null && item.Description is { Length: > 0 }).ToList();
            foreach (var item in settled)
                item.Description = "";
            if (settled.Count > 0)
                Save(settled);
            cleared += settled.Count;
        }
    }

    /// <summary>
    /// The number of items still owed to Blnk. LiteDB counts through an expression index by
    /// loading every document it names, and one query holds every page it read until it ends,
    /// in a page cache that never shrinks (LiteDB#2813): a count of a 100,000-transaction
    /// backfill in one query left 380 MB of cache behind. So it counts a chunk per query, and
    /// callers keep it off the hot path (a run counts what it records instead, see
    /// <see cref="Runs.SyncCounts.Recorded"/>).
    /// </summary>
    public int PendingCount(string installedAppId)
    {
        const int Chunk = 1000;
        var prefix = SyncItemRecord.PendingPrefix(installedAppId);
        var count = 0;
        var low = prefix;
        while (true)
        {
            var keys = Items.Query()
                .Where(SparseIndex.StartingWithFrom(Pending, prefix, low))
                .OrderBy(Pending)
                .Select(item => item.PendingKey)
                .Limit(Chunk)
                .ToList();
            count += keys.Count;
            if (keys.Count < Chunk)
                return count;
            low = keys[^1] + '\0';
        }
    }

    public void Ensure(LiteDatabase db)
    {
        // Earlier versions indexed both fields whole, with a node for every settled item's null.
        SparseIndex.Ensure(db, SyncItemRecord.Collection, PendingIndex, Pending, retired: nameof(SyncItemRecord.PendingKey));
        SparseIndex.Ensure(db, SyncItemRecord.Collection, AwaitingIndex, Awaiting, retired: nameof(SyncItemRecord.AwaitingCharge));
    }
}
