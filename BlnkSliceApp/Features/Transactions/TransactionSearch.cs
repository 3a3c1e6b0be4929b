using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Payouts;
using BlnkSliceApp.Shared.Sync.Store;
using LiteDB;

namespace BlnkSliceApp.Features.Transactions;

/// <summary>One page of postings, newest first, and the cursors of the pages around it.</summary>
/// <param name="Older">The cursor of the next older page; null when there is none.</param>
/// <param name="Newer">The cursor of the next newer page; null on the newest.</param>
/// <param name="ScanStopped">The page was cut short to stay fast: this many postings were read without filling it, and older ones may still match.</param>
public sealed record TransactionPage(IReadOnlyList<SyncItemRecord> Rows, string? Older, string? Newer, int? ScanStopped);

/// <summary>
/// The portal's reads of the synced postings (the engine writes them, Shared/Sync/Store). Rows
/// come in one stable order, newest first: Stripe's created time, then the balance transaction,
/// then the part. Every read goes through an index range and stops after a page (keyset
/// paging: a cursor names the last row shown), so a page costs the same with 100 or 100,000
/// postings stored. The indexes are expressions over fields every version recorded, except the
/// ids of <see cref="SyncItemRecord.SearchIds"/> (see <see cref="SearchFieldsBackfill"/>).
/// Filters no index answers (a currency with another filter, say) are applied while reading, at
/// most <see cref="ScanBudget"/> postings per page.
/// </summary>
public sealed class TransactionSearch(AppDatabase database) : IStorageIndexes
{
    public const int PageSize = 25;
    public const int ScanBudget = 2_000;
    const int Chunk = 200;

    /// <summary>The order of rows in every view and export of postings, as an index expression.</summary>
    public const string Tail = "FORMAT($.Created, 'D12') + '|' + $.BalanceTransactionId + '|' + FORMAT($.Sequence, 'D2')";
    /// <summary>Every posting of an install in time order (also the Overview's range of days).</summary>
    public const string ByTime = "$.InstalledAppId + '|' + " + Tail;
    const string ByCustomer = "$.InstalledAppId + '|' + $.CustomerId + '|' + " + Tail;
    const string ByCategory = "$.InstalledAppId + '|' + $.Category + '|' + " + Tail;
    const string BySearchId = "$.SearchIds[*]";
    const char Last = '\uffff';

    ILiteCollection<SyncItemRecord> Items => database.Collection<SyncItemRecord>(SyncItemRecord.Collection);
    ILiteCollection<PayoutItemRecord> PayoutItems => database.Collection<PayoutItemRecord>(PayoutItemRecord.Collection);

    /// <summary>A row's place in the order, as a cursor: "created|balance transaction|part".</summary>
    public static string CursorOf(SyncItemRecord item) => $"{item.Created:D12}|{item.BalanceTransactionId}|{item.Sequence:D2}";

    /// <summary>The page after <paramref name="cursor"/> (older), or before it (<paramref name="newer"/>).</summary>
    public TransactionPage Page(string installedAppId, TransactionQuery query, string? cursor, bool newer)
    {
        var found = new List<SyncItemRecord>(PageSize + 1);
        var scanned = 0;
        string? lastRead = null;
        var stopped = false;
        foreach (var item in Read(installedAppId, query, cursor, !newer))
        {
            scanned++;
            lastRead = CursorOf(item);
            if (Matches(item, query))
            {
                found.Add(item);
                if (found.Count > PageSize) break;
            }
            if (scanned >= ScanBudget && found.Count <= PageSize)
            {
                stopped = true;
                break;
            }
        }
        var more = found.Count > PageSize || stopped;
        var rows = found.Take(PageSize).ToList();
        // Past the last row shown, or (cut short) past the last row read, so nothing is skipped.
        var onward = !more ? null : stopped ? lastRead : CursorOf(rows[^1]);
        var back = rows.Count > 0 ? CursorOf(rows[0]) : cursor;
        if (newer)
        {
            rows.Reverse();
            return new TransactionPage(rows, back, onward, stopped ? scanned : null);
        }
        return new TransactionPage(rows, onward, cursor is null ? null : back, stopped ? scanned : null);
    }

    /// <summary>Every posting the query matches, newest first, read a chunk at a time (the CSV export).</summary>
    public IEnumerable<SyncItemRecord> All(string installedAppId, TransactionQuery query) =>
        Read(installedAppId, query, null, older: true).Where(item => Matches(item, query));

    static bool Matches(SyncItemRecord item, TransactionQuery query) =>
        (query.Currency is null || item.Currency == query.Currency)
        && (query.Category is null || item.Category == query.Category)
        && (query.Customer is null || item.CustomerId == query.Customer)
        && (query.FromSeconds is not { } from || item.Created >= from)
        && (query.UntilSeconds is not { } until || item.Created < until);

    /// <summary>The candidates in order from the cursor on, from the index that narrows them most.</summary>
    IEnumerable<SyncItemRecord> Read(string installedAppId, TransactionQuery query, string? cursor, bool older)
    {
        var install = installedAppId + "|";
        return query.Kind switch
        {
            SearchKind.Reference => Listed(Items.FindById(SyncItemRecord.IdFor(installedAppId, query.Search!)) is { } item ? [item] : [], cursor, older),
            SearchKind.BalanceTransaction => Listed(OfTransaction(installedAppId, query.Search!), cursor, older),
            SearchKind.Customer => query.Customer is { } other && other != query.Search ? []
                : Range(ByCustomer, install + query.Search + "|", query, cursor, older),
            SearchKind.Payout => Merged(Listed(BySearch(installedAppId, query.Search!), cursor, older), OfPayout(installedAppId, query.Search!, cursor, older), older),
            SearchKind.StripeObject => Listed(BySearch(installedAppId, query.Search!), cursor, older),
            _ when query.Customer is { } customer => Range(ByCustomer, install + customer + "|", query, cursor, older),
            _ when query.Category is { } category => Range(ByCategory, install + category + "|", query, cursor, older),
            _ => Range(ByTime, install, query, cursor, older),
        };
    }

    /// <summary>
    /// One index's keys "{prefix}{created}|{balance transaction}|{part}" between the query's dates,
    /// from the cursor on (exclusive), a chunk per query.
    /// </summary>
    IEnumerable<SyncItemRecord> Range(string index, string prefix, TransactionQuery query, string? cursor, bool older)
    {
        var low = prefix + (query.FromSeconds is { } from ? $"{from:D12}" : "");
        var high = prefix + (query.UntilSeconds is { } until ? $"{until:D12}" : Last.ToString());
        var bound = cursor is null ? null : prefix + cursor;
        // A page with nothing filtered out needs one row more than it shows: read that first (each
        // document read costs), and big chunks only once filters or an export keep asking.
        var size = PageSize + 1;
        while (true)
        {
            var between = Items.Query().Where($"{index} BETWEEN @0 AND @1", older ? low : bound ?? low, older ? bound ?? high : high);
            var chunk = (older ? between.OrderByDescending(index) : between.OrderBy(index)).Limit(size + 1).ToList();
            foreach (var item in chunk)
            {
                var key = prefix + CursorOf(item);
                if (key == bound) continue;
                bound = key;
                yield return item;
            }
            if (chunk.Count <= size)
                yield break;
            size = Chunk;
        }
    }

    /// <summary>A few postings found by id: sorted here, then read from the cursor on.</summary>
    static IEnumerable<SyncItemRecord> Listed(IEnumerable<SyncItemRecord> items, string? cursor, bool older)
    {
        var sorted = older
            ? items.OrderByDescending(CursorOf, StringComparer.Ordinal)
            : items.OrderBy(CursorOf, StringComparer.Ordinal);
        return cursor is null ? sorted : sorted.Where(item => older
            ? string.CompareOrdinal(CursorOf(item), cursor) < 0
            : string.CompareOrdinal(CursorOf(item), cursor) > 0);
    }

    /// <summary>Every posting of one balance transaction: its amount and its fees share the reference's start.</summary>
    List<SyncItemRecord> OfTransaction(string installedAppId, string balanceTransactionId)
    {
        var first = SyncItemRecord.IdFor(installedAppId, $"stripe:{balanceTransactionId}");
        return Items.Query()
            .Where(KeyRange.Between("_id", first, first + ":" + Last))
            .Limit(100)
            .ToList()
            .Where(item => item.BalanceTransactionId == balanceTransactionId)
            .ToList();
    }

    /// <summary>The balance transactions whose source, charge or PaymentIntent is this id, with all their postings.</summary>
    IEnumerable<SyncItemRecord> BySearch(string installedAppId, string stripeId) =>
        Items.Query()
            .Where($"{BySearchId} ANY = @0", stripeId)
            .Limit(ScanBudget)
            .ToList()
            .Where(item => item.InstalledAppId == installedAppId)
            .SelectMany(item => OfTransaction(installedAppId, item.BalanceTransactionId))
            .DistinctBy(item => item.Id);

    /// <summary>
    /// The postings of the transactions a payout paid out, as Stripe listed them for it (see
    /// Shared/Sync/Payouts), in order from the cursor on; its own, failure and cancellation
    /// transactions are found by source.
    /// </summary>
    IEnumerable<SyncItemRecord> OfPayout(string installedAppId, string payoutId, string? cursor, bool older)
    {
        var prefix = PayoutItemRecord.PrefixFor(installedAppId, payoutId);
        // The payout's items sort by created and balance transaction, as the cursor does.
        var bound = cursor is null ? null : prefix + cursor[..cursor.LastIndexOf('|')];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var between = PayoutItems.Query().Where(KeyRange.Between("_id", older ? prefix : bound ?? prefix, older ? bound ?? prefix + Last : prefix + Last));
            var chunk = (older ? between.OrderByDescending("_id") : between.OrderBy("_id")).Limit(Chunk + 1).ToList();
            foreach (var payoutItem in chunk.Where(p => seen.Add(p.Id)))
            {
                var postings = payoutItem.References
                    .Select(reference => Items.FindById(SyncItemRecord.IdFor(installedAppId, reference)))
                    .OfType<SyncItemRecord>()
                    .Where(item => item.BalanceTransactionId == payoutItem.BalanceTransactionId);
                foreach (var item in Listed(postings, cursor, older))
                    yield return item;
                bound = payoutItem.Id;
            }
            if (chunk.Count <= Chunk)
                yield break;
        }
    }

    /// <summary>Two ordered sequences as one, in the same order, without repeats.</summary>
    static IEnumerable<SyncItemRecord> Merged(IEnumerable<SyncItemRecord> first, IEnumerable<SyncItemRecord> second, bool older)
    {
        using var a = first.GetEnumerator();
        using var b = second.GetEnumerator();
        var hasA = a.MoveNext();
        var hasB = b.MoveNext();
        string? last = null;
        while (hasA || hasB)
        {
            bool takeA;
            if (!hasB) takeA = true;
            else if (!hasA) takeA = false;
            else
            {
                var order = string.CompareOrdinal(CursorOf(a.Current), CursorOf(b.Current));
                takeA = older ? order >= 0 : order <= 0;
            }
            var item = takeA ? a.Current : b.Current;
            if (takeA) hasA = a.MoveNext(); else hasB = b.MoveNext();
            if (item.Id == last) continue;
            last = item.Id;
            yield return item;
        }
    }

    public void Ensure(LiteDatabase db)
    {
        var items = db.GetCollection<SyncItemRecord>(SyncItemRecord.Collection);
        items.EnsureIndex("portal_time", ByTime);
        items.EnsureIndex("portal_customer", ByCustomer);
        items.EnsureIndex("portal_category", ByCategory);
        items.EnsureIndex("portal_search_ids", BySearchId);
    }
}
