using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Runs;
using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Payouts;

/// <summary>
/// The payouts the sync has seen and what they hold, per install. The sync writes them; the
/// portal reads them. Calls are synchronous and short; the caller wraps writes that must land
/// together in one <see cref="AppDatabase.InTransaction{T}"/>.
/// </summary>
public sealed class PayoutStore(AppDatabase database, TimeProvider time) : IStorageIndexes, IInstallErasable
{
    ILiteCollection<PayoutRecord> Payouts => database.Collection<PayoutRecord>(PayoutRecord.Collection);
    ILiteCollection<PayoutItemRecord> Items => database.Collection<PayoutItemRecord>(PayoutItemRecord.Collection);
    ILiteCollection<PayoutSyncState> States => database.Collection<PayoutSyncState>(PayoutSyncState.Collection);

    /// <summary>
    /// After an uninstall: the payouts and the copies of their balance transactions go (a re-install
    /// reads them from Stripe again; tagging looks in the ledger first, so nothing is tagged twice).
    /// Where the ledger's history starts stays: it is what keeps a re-install's opening balance right.
    /// </summary>
    public int EraseInstallData(string installedAppId)
    {
        var prefix = installedAppId + "|";
        return database.InTransaction(() =>
            Items.DeleteMany(KeyRange.StartingWith("_id", prefix)) + Payouts.DeleteMany(KeyRange.StartingWith("_id", prefix)));
    }

    public PayoutRecord? Get(string installedAppId, string payoutId) => Payouts.FindById(PayoutRecord.IdFor(installedAppId, payoutId));

    /// <summary>
    /// The install's payouts, newest first. Read as the matching slice in ascending order and
    /// turned round: LiteDB 5.0.20 answers nothing for a prefix with a descending order.
    /// </summary>
    public List<PayoutRecord> Page(string installedAppId, int skip, int take)
    {
        var total = Count(installedAppId);
        var end = total - skip;
        if (end <= 0 || take <= 0) return [];
        var start = Math.Max(0, end - take);
        var page = Payouts.Query()
            .Where(KeyRange.StartingWith(nameof(PayoutRecord.ListKey), PayoutRecord.Prefix(installedAppId)))
            .OrderBy(nameof(PayoutRecord.ListKey))
            .Offset(start)
            .Limit(end - start)
            .ToList();
        page.Reverse();
        return page;
    }

    public int Count(string installedAppId) =>
        Payouts.Count(KeyRange.StartingWith(nameof(PayoutRecord.ListKey), PayoutRecord.Prefix(installedAppId)));

    /// <summary>Payouts with something left to do, oldest first.</summary>
    public List<PayoutRecord> NeedingAttention(string installedAppId) =>
        Payouts.Query().Where(KeyRange.StartingWith(nameof(PayoutRecord.AttentionKey), PayoutRecord.Prefix(installedAppId))).ToList();

    /// <summary>A payout's transactions in Stripe's created order (the primary key's order).</summary>
    public IEnumerable<PayoutItemRecord> ItemsOf(string installedAppId, string payoutId) =>
        Items.Query().Where(KeyRange.StartingWith("_id", PayoutItemRecord.PrefixFor(installedAppId, payoutId))).ToEnumerable();

    /// <summary>
    /// The next <paramref name="take"/> of a payout's transactions after <paramref name="afterId"/>
    /// (null: from the first), in order: a large payout is read in bounded pieces, each a short
    /// read, instead of one cursor held open while a download streams.
    /// </summary>
    public List<PayoutItemRecord> ItemsAfter(string installedAppId, string payoutId, string? afterId, int take)
    {
        var prefix = PayoutItemRecord.PrefixFor(installedAppId, payoutId);
        var range = afterId is null
            ? KeyRange.StartingWith("_id", prefix)
            : KeyRange.StartingWithAfter("_id", prefix, afterId);
        return Items.Query().Where(range).OrderBy("_id").Limit(take).ToList();
    }

    /// <summary>Which of these items are stored already, in one look-up.</summary>
    public HashSet<string> StoredItemIds(IEnumerable<string> ids) =>
        PrimaryKey.FindMany(Items, ids, item => item.Id).Keys.ToHashSet(StringComparer.Ordinal);

    public void InsertItems(IEnumerable<PayoutItemRecord> items) => Items.InsertBulk(items);

    public void SaveItems(IEnumerable<PayoutItemRecord> items)
    {
        foreach (var item in items)
            Items.Update(item);
    }

    /// <summary>Stores the payout with its keys worked out: listed always, in need of attention while <see cref="NeedsAttention"/>.</summary>
    public void Save(PayoutRecord payout)
    {
        payout.ListKey = payout.Key();
        payout.AttentionKey = NeedsAttention(payout) ? payout.Key() : null;
        payout.UpdatedAt = UnixMs.From(time.GetUtcNow());
        Payouts.Upsert(payout);
    }

    public PayoutSyncState? State(string installedAppId) => States.FindById(installedAppId);

    public void Save(PayoutSyncState state) => States.Upsert(state);

    /// <summary>
    /// Where the install's ledger history starts: the first window of its first run, read from
    /// its runs (the earliest window start), so an install synced before payouts were
    /// reconciled gets the same answer as a new one.
    /// </summary>
    public long EarliestWindowFrom(string installedAppId, long fallback)
    {
        var runs = database.Collection<SyncRunRecord>(SyncRunRecord.Collection);
        var earliest = runs.Find(run => run.InstalledAppId == installedAppId && run.WindowFrom > 0)
            .Select(run => run.WindowFrom)
            .DefaultIfEmpty(fallback)
            .Min();
        return Math.Min(earliest, fallback);
    }

    /// <summary>
    /// Notes the payouts behind a page of balance transactions (a payout's own, its failure or
    /// its cancellation), with what the expanded source says of them: new payouts and changed
    /// ones get the attention of the payout phase without asking Stripe again. Runs inside the
    /// caller's transaction, so a recorded page never loses a payout it showed.
    /// </summary>
    public void Discover(string installedAppId, string runId, IEnumerable<StripeBalanceTransaction> transactions)
    {
        foreach (var transaction in transactions)
        {
            var payoutId = transaction.SourceId ?? transaction.Source?.Id;
            if (payoutId is null || !payoutId.StartsWith("po_", StringComparison.Ordinal))
                continue;
            var payout = Get(installedAppId, payoutId) ?? new PayoutRecord
            {
                Id = PayoutRecord.IdFor(installedAppId, payoutId),
                InstalledAppId = installedAppId,
                PayoutId = payoutId,
                Currency = transaction.Currency.ToUpperInvariant(),
                Precision = CurrencyPrecision.For(transaction.Currency),
                Created = transaction.Created,
            };
            if (transaction.Source is StripeSourcePayout seen)
                Apply(payout, seen, runId);
            Save(payout);
        }
    }

    /// <summary>Takes in what Stripe says of the payout now.</summary>
    public void Apply(PayoutRecord payout, StripeSourcePayout seen, string runId)
    {
        payout.Currency = seen.Currency.ToUpperInvariant();
        payout.Precision = CurrencyPrecision.For(seen.Currency);
        payout.Amount = seen.Amount;
        payout.Created = seen.Created;
        payout.ArrivalDate = seen.ArrivalDate;
        payout.Automatic = seen.Automatic;
        payout.Status = seen.Status ?? "";
        payout.ReconciliationStatus = seen.ReconciliationStatus ?? "";
        payout.TraceIdStatus = seen.TraceIdStatus;
        payout.TraceId = seen.TraceId;
        payout.FailureCode = seen.FailureCode;
        payout.FailureMessage = seen.FailureMessage;
        payout.BalanceTransactionId = seen.BalanceTransactionId;
        payout.FailureBalanceTransactionId = seen.FailureBalanceTransactionId;
        payout.SeenByRun = runId;
        payout.SeenAt = UnixMs.From(time.GetUtcNow());
        if (!payout.Automatic)
            payout.Items = PayoutItemsState.NotApplicable;
    }

    /// <summary>
    /// Stripe may still change it: on its way, its transactions not worked out yet, or its trace
    /// id still coming (Stripe says up to 10 days after the arrival date).
    /// </summary>
    public bool NeedsStripe(PayoutRecord payout)
    {
        if (payout.IsOnItsWay) return true;
        if (payout.Automatic && payout.Status != "canceled" && payout.ReconciliationStatus != "completed") return true;
        var now = time.GetUtcNow().ToUnixTimeSeconds();
        return payout.TraceIdStatus == "pending" && now < payout.ArrivalDate + TraceIdWatch;
    }

    static readonly long TraceIdWatch = (long)TimeSpan.FromDays(11).TotalSeconds;

    bool NeedsAttention(PayoutRecord payout) =>
        NeedsStripe(payout)
        || (payout.Automatic && payout.Items != PayoutItemsState.Listed && payout.ReconciliationStatus == "completed")
        || (payout.Items == PayoutItemsState.Listed && !payout.TaggingDone)
        || (payout.IsFinal && !payout.AlertRaised);

    const string ByTransactionIndex = "by_transaction";
    const string ByTransaction = "$.InstalledAppId + '|' + $.BalanceTransactionId";

    /// <summary>
    /// The payout each of these balance transactions was paid out in, where that payout's
    /// transactions have been read (a transaction is in one automatic payout at most), a chunk of
    /// ids per query.
    /// </summary>
    public Dictionary<string, string> PayoutsOf(string installedAppId, IEnumerable<string> balanceTransactionIds)
    {
        var found = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var chunk in balanceTransactionIds.Distinct(StringComparer.Ordinal).Chunk(PrimaryKey.Chunk))
        {
            foreach (var item in Items.Find(OfTransactions(installedAppId, chunk)))
                found[item.BalanceTransactionId] = item.PayoutId;
        }
        return found;
    }

    /// <summary>The payout items of these balance transactions, through the index (the keys are a parameter: one compiled expression).</summary>
    public static BsonExpression OfTransactions(string installedAppId, IEnumerable<string> balanceTransactionIds) =>
        BsonExpression.Create($"{ByTransaction} IN @0", new BsonArray(balanceTransactionIds.Select(id => new BsonValue($"{installedAppId}|{id}"))));

    public void Ensure(LiteDatabase db)
    {
        db.GetCollection(PayoutItemRecord.Collection).EnsureIndex(ByTransactionIndex, ByTransaction);
        var payouts = db.GetCollection<PayoutRecord>(PayoutRecord.Collection);
        payouts.EnsureIndex(p => p.ListKey);
        payouts.EnsureIndex(p => p.AttentionKey);
        // Created here, before anything runs: a collection read while another transaction creates it
        // can fail in LiteDB 5.0.20 (litedb-org/LiteDB#2792).
        // (The primary key's index always exists: asking for it only creates the collection.)
        db.GetCollection(PayoutItemRecord.Collection).EnsureIndex("_id");
        db.GetCollection(PayoutSyncState.Collection).EnsureIndex("_id");
    }
}
