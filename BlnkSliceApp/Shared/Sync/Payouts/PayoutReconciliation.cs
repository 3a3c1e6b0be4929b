using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Engine;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Shared.Sync.Payouts;

/// <summary>
/// The payout phase of a run. For every automatic payout whose reconciliation Stripe has
/// completed, its balance transactions (<c>?payout=</c>) are recorded locally page by page, and
/// every ledger posting they produced gets the payout id under the app's metadata key: a posting
/// not sent yet carries it from its creation, one already in the ledger gets a metadata update,
/// after a look-up that skips postings that have it already, so a crash anywhere never tags
/// twice. Payouts still on their way are read again each run; a failed or canceled one raises
/// one alert. <see cref="ReadStripeAsync"/> and <see cref="PrepareAsync"/> run before posting,
/// <see cref="FinishAsync"/> after it tags what posting settled.
/// </summary>
public sealed class PayoutReconciliation(
    StripeGateway stripe,
    PayoutStore payouts,
    SyncItems items,
    SyncRuns runs,
    SyncAlerts alerts,
    AppDatabase database,
    SyncCrashPoints crashPoints,
    ILogger<PayoutReconciliation> logger)
{
    public const string PayoutIdKey = "payout_id";
    // Two pages in flight beside the run's listing, eight once it is done (the account's limiter
    // holds every call to Stripe's pace either way). The listing is bound by recording its pages
    // on the one writer, and payout pages recorded beside it compete for that writer: six beside
    // it took the benchmark's 10,000 from 30.0 to 27.5 s but its 100,000 from 246 to 255 s and
    // 188 to 214 s of CPU.
    const int ParallelPayoutsBeside = 2;
    const int ParallelPayoutsAlone = 8;
    const int LookupBatch = 50;
    const int ParallelTags = 16;
    const int TagChunk = 200;

    /// <summary>
    /// Stripe's side, before posting: payouts read (all since the first window on an install's
    /// first run, then those that may still change) and the transactions of those Stripe has
    /// reconciled recorded. Touches no ledger and no posting.
    /// </summary>
    /// <param name="besideListing">The run's listing of balance transactions is going on at the same time.</param>
    public async Task ReadStripeAsync(SyncContext context, bool besideListing, CancellationToken ct)
    {
        await StartAsync(context, ct);
        await RefreshAsync(context, ct);
        await ListItemsAsync(context, besideListing ? ParallelPayoutsBeside : ParallelPayoutsAlone, ct);
    }

    /// <summary>Before posting, once <see cref="ReadStripeAsync"/> is done: postings not sent yet get the payout id from creation, posted ones by an update.</summary>
    public async Task PrepareAsync(SyncContext context, CancellationToken ct)
    {
        context.Run.Phase = "Reconciling payouts";
        runs.Save(context.Run);
        if (payouts.State(context.InstalledAppId) is not { } state) return;
        await TagAsync(context, state.MirrorFrom, beforePosting: true, ct);
    }

    /// <summary>
    /// After posting: the postings this run settled get their tag (those that carried it from
    /// creation are confirmed without a call), and failed or canceled payouts raise their alert
    /// on what is in the ledger now.
    /// </summary>
    public async Task FinishAsync(SyncContext context, CancellationToken ct)
    {
        if (payouts.State(context.InstalledAppId) is not { } state) return;
        await TagAsync(context, state.MirrorFrom, beforePosting: false, ct);
        await RaiseAlertsAsync(context, ct);
    }

    /// <summary>
    /// The first time: where the ledger's history starts, and every payout since (an install
    /// synced before payouts were reconciled has recorded theirs already, so the listing would
    /// not show them again).
    /// </summary>
    async Task StartAsync(SyncContext context, CancellationToken ct)
    {
        if (payouts.State(context.InstalledAppId) is not null)
            return;
        var mirrorFrom = context.State.Cursor is null ? context.Run.WindowFrom : payouts.EarliestWindowFrom(context.InstalledAppId, context.Run.WindowFrom);
        await ReadPayoutsSinceAsync(context, mirrorFrom, _ => true, ct);
        payouts.Save(new PayoutSyncState { InstalledAppId = context.InstalledAppId, MirrorFrom = mirrorFrom });
    }

    /// <summary>Payouts Stripe may still change are read again: one list from the oldest of them covers all.</summary>
    async Task RefreshAsync(SyncContext context, CancellationToken ct)
    {
        var stale = payouts.NeedingAttention(context.InstalledAppId)
            .Where(p => payouts.NeedsStripe(p) && p.SeenByRun != context.Run.RunId)
            .Select(p => p.PayoutId)
            .ToHashSet(StringComparer.Ordinal);
        if (stale.Count == 0) return;
        var oldest = stale.Min(id => payouts.Get(context.InstalledAppId, id)!.Created);
        await ReadPayoutsSinceAsync(context, oldest, seen => stale.Remove(seen) && stale.Count == 0, ct);
    }

    /// <summary>Stores every payout created since <paramref name="from"/>; stops early once <paramref name="enough"/> says so.</summary>
    async Task ReadPayoutsSinceAsync(SyncContext context, long from, Func<string, bool> enough, CancellationToken ct)
    {
        string? after = null;
        while (true)
        {
            var page = await stripe.ListPayoutsAsync(context.Stripe, from, after, ct);
            var done = false;
            database.InTransaction(() =>
            {
                foreach (var seen in page.Items)
                {
                    var payout = payouts.Get(context.InstalledAppId, seen.Id) ?? New(context.InstalledAppId, seen.Id);
                    payouts.Apply(payout, StripeSourcePayout.From(seen), context.Run.RunId);
                    payouts.Save(payout);
                    done |= enough(seen.Id);
                }
                return 0;
            });
            if (done || !page.HasMore || page.Items.Count == 0) return;
            after = page.Items[^1].Id;
        }
    }

    static PayoutRecord New(string installedAppId, string payoutId) => new()
    {
        Id = PayoutRecord.IdFor(installedAppId, payoutId),
        InstalledAppId = installedAppId,
        PayoutId = payoutId,
    };

    /// <summary>Each completed automatic payout's transactions, page by page; a page and the cursor after it land together, so a restart goes on from there.</summary>
    async Task ListItemsAsync(SyncContext context, int parallel, CancellationToken ct)
    {
        var ready = payouts.NeedingAttention(context.InstalledAppId)
            .Where(p => p.Automatic && p.ReconciliationStatus == "completed" && p.Items is PayoutItemsState.Waiting or PayoutItemsState.Listing)
            .ToList();
        await Parallel.ForEachAsync(ready, new ParallelOptions { MaxDegreeOfParallelism = parallel, CancellationToken = ct }, async (payout, token) =>
        {
            while (payout.Items != PayoutItemsState.Listed)
            {
                var page = await stripe.ListPayoutBalanceTransactionsAsync(context.Stripe, payout.PayoutId, payout.ItemsCursor, token);
                RecordPage(payout, page);
                crashPoints.Reach(SyncCrashPoints.AfterPayoutPageRecorded);
            }
        });
    }

    void RecordPage(PayoutRecord payout, StripePage<StripeBalanceTransaction> page)
    {
        var records = page.Items.Select(transaction => ItemOf(payout, transaction)).ToList();
        database.InTransaction(() =>
        {
            // As stored now: the run's listing, going on beside, may have stored what Stripe says of the payout since it was read.
            var stored = payouts.Get(payout.InstalledAppId, payout.PayoutId) ?? payout;
            var known = payouts.StoredItemIds(records.Select(item => item.Id));
            var fresh = records.Where(item => !known.Contains(item.Id)).ToList();
            payouts.InsertItems(fresh);
            foreach (var item in fresh.Where(item => !item.IsPayoutItself))
            {
                stored.ItemCount++;
                stored.ItemsNet += item.Net;
            }
            stored.ItemsCursor = page.Items.Count > 0 ? page.Items[^1].Id : stored.ItemsCursor;
            stored.Items = page.HasMore && page.Items.Count > 0 ? PayoutItemsState.Listing : PayoutItemsState.Listed;
            payouts.Save(stored);
            payout.ItemsCursor = stored.ItemsCursor;
            payout.Items = stored.Items;
            return 0;
        });
    }

    static PayoutItemRecord ItemOf(PayoutRecord payout, StripeBalanceTransaction transaction)
    {
        var created = transaction.Created;
        var sourceId = transaction.SourceId ?? transaction.Source?.Id;
        return new PayoutItemRecord
        {
            Id = PayoutItemRecord.IdFor(payout.InstalledAppId, payout.PayoutId, created, transaction.Id),
            InstalledAppId = payout.InstalledAppId,
            PayoutId = payout.PayoutId,
            BalanceTransactionId = transaction.Id,
            Type = transaction.Type ?? "",
            Category = string.IsNullOrWhiteSpace(transaction.ReportingCategory) ? transaction.Type ?? "" : transaction.ReportingCategory,
            Currency = transaction.Currency.ToUpperInvariant(),
            Amount = transaction.Amount,
            Fee = transaction.Fee,
            Net = transaction.Net,
            Precision = CurrencyPrecision.For(transaction.Currency),
            Created = created,
            SourceId = sourceId,
            IsPayoutItself = transaction.Id == payout.BalanceTransactionId || (transaction.Type == "payout" && sourceId == payout.PayoutId),
            References = BalanceTransactionMapper.ReferencesOf(transaction).ToList(),
        };
    }

    /// <summary>Every listed payout whose postings are not all tagged yet, one payout at a time (its items are the memory this needs).</summary>
    async Task TagAsync(SyncContext context, long mirrorFrom, bool beforePosting, CancellationToken ct)
    {
        var untagged = payouts.NeedingAttention(context.InstalledAppId)
            .Where(p => p.Items == PayoutItemsState.Listed && !p.TaggingDone)
            .ToList();
        if (untagged.Count == 0) return;
        // A batch a crash left in flight may or may not be in the ledger: its items wait until posting has settled it.
        var inFlight = context.State.InFlight is { } ids ? ids.ToHashSet(StringComparer.Ordinal) : [];
        foreach (var payout in untagged)
        {
            // A large payout in pieces: each piece's reads and its transaction stay small.
            var tally = new Tally();
            string? after = null;
            while (payouts.ItemsAfter(context.InstalledAppId, payout.PayoutId, after, TagChunk) is { Count: > 0 } chunk)
            {
                var open = chunk.Where(item => !item.Done).ToList();
                if (open.Count > 0)
                {
                    ResolveLocally(context, payout, open, mirrorFrom, inFlight, beforePosting);
                    await TagInLedgerAsync(context, payout, open, ct);
                }
                tally.Add(chunk);
                after = chunk[^1].Id;
            }
            tally.WriteTo(payout);
            payouts.Save(payout);
        }
    }

    /// <summary>Where a payout's postings stand, counted piece by piece.</summary>
    sealed class Tally
    {
        int _postings, _tagged, _refused, _waiting, _beforeMirror;
        bool _done = true;

        public void Add(IEnumerable<PayoutItemRecord> items)
        {
            foreach (var item in items)
            {
                foreach (var posting in item.Postings)
                {
                    _postings++;
                    if (posting.Tag == PostingTag.Tagged) _tagged++;
                    else if (posting.Tag == PostingTag.Refused) _refused++;
                    else _waiting++;
                }
                if (item.State == PayoutItemState.Unresolved) _waiting++;
                if (item.State == PayoutItemState.BeforeMirror) _beforeMirror++;
                _done &= item.Done;
            }
        }

        public void WriteTo(PayoutRecord payout)
        {
            payout.Postings = _postings;
            payout.PostingsTagged = _tagged;
            payout.PostingsRefused = _refused;
            payout.Waiting = _waiting;
            payout.ItemsBeforeMirror = _beforeMirror;
            payout.TaggingDone = _done;
        }
    }

    /// <summary>What the local records tell, without any call: which postings exist, which can carry the tag from creation, which need an update.</summary>
    void ResolveLocally(SyncContext context, PayoutRecord payout, List<PayoutItemRecord> open, long mirrorFrom, HashSet<string> inFlight, bool beforePosting)
    {
        // The whole piece's postings in one look-up: one query per posting cost most of this phase.
        var stored = items.Find(open.SelectMany(item => item.References).Select(reference => SyncItemRecord.IdFor(context.InstalledAppId, reference)))
            .ToDictionary(record => record.Reference, StringComparer.Ordinal);
        foreach (var item in open)
        {
            var recorded = item.References
                .Select(reference => stored.GetValueOrDefault(reference))
                .OfType<SyncItemRecord>()
                .Where(record => record.BalanceTransactionId == item.BalanceTransactionId)
                .DistinctBy(record => record.Reference, StringComparer.Ordinal)
                .ToDictionary(r => r.Reference, StringComparer.Ordinal);
            if (item.State is PayoutItemState.Unresolved)
            {
                if (recorded.Count == 0)
                {
                    item.State = item is { Amount: 0, Fee: 0 } ? PayoutItemState.NoPostings
                        : item.Created < mirrorFrom ? PayoutItemState.BeforeMirror
                        : PayoutItemState.Unresolved;
                    item.Done = item.State != PayoutItemState.Unresolved;
                    continue;
                }
                item.State = PayoutItemState.Resolved;
                item.Postings = recorded.Keys.Order(StringComparer.Ordinal).Select(reference => new PayoutPosting { Reference = reference }).ToList();
            }
            foreach (var posting in item.Postings.Where(p => p.Tag != PostingTag.Tagged))
            {
                if (!recorded.TryGetValue(posting.Reference, out var record))
                {
                    posting.Tag = PostingTag.Waiting;
                    continue;
                }
                switch (record.State)
                {
                    case SyncItemState.Planned when beforePosting && !inFlight.Contains(record.Id):
                        // Posting adds the id as it sends (PayoutsAtSending): the recorded posting is not rewritten.
                        posting.Tag = PostingTag.AtCreation;
                        break;
                    case SyncItemState.Planned or SyncItemState.Sending:
                        if (posting.Tag != PostingTag.AtCreation) posting.Tag = PostingTag.Waiting;
                        break;
                    case SyncItemState.Posted when posting.Tag == PostingTag.AtCreation && Carries(record, payout.PayoutId):
                        posting.Tag = PostingTag.Tagged;
                        posting.TransactionId = record.TransactionId;
                        break;
                    case SyncItemState.Posted or SyncItemState.AlreadyPresent:
                        // Already in the ledger, perhaps without the tag (present before it was sent): look and update.
                        posting.Tag = PostingTag.NeedsUpdate;
                        posting.TransactionId ??= record.TransactionId;
                        break;
                    case SyncItemState.Rejected:
                        posting.Tag = PostingTag.Refused;
                        break;
                }
            }
            item.Done = item.Postings.All(p => p.Tag == PostingTag.Tagged);
        }
        database.InTransaction(() =>
        {
            payouts.SaveItems(open);
            return 0;
        });
    }

    static bool Carries(SyncItemRecord record, string payoutId) =>
        PayoutOf(JsonNode.Parse(record.MetaDataJson) as JsonObject) == payoutId;

    /// <summary>
    /// Postings already in the ledger get the payout id: looked up by reference first (many at
    /// once), so those that have it (a crash after the update) are only marked, and each gets
    /// one update.
    /// </summary>
    async Task TagInLedgerAsync(SyncContext context, PayoutRecord payout, List<PayoutItemRecord> open, CancellationToken ct)
    {
        var needing = open.SelectMany(item => item.Postings.Where(p => p.Tag == PostingTag.NeedsUpdate).Select(p => (Item: item, Posting: p))).ToList();
        foreach (var batch in needing.Chunk(LookupBatch))
        {
            var found = await context.Cloud.FindTransactionsByReferencesAsync(batch.Select(b => b.Posting.Reference).ToList(), ct);
            var updates = new ConcurrentBag<(PayoutPosting Posting, string TransactionId)>();
            await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = ParallelTags, CancellationToken = ct }, async (entry, token) =>
            {
                if (!found.TryGetValue(entry.Posting.Reference, out var transaction)
                    || CloudClient.Text(transaction["transaction_id"]) is not { } transactionId)
                    return;
                var meta = transaction["meta_data"] as JsonObject ?? [];
                if (PayoutOf(meta) != payout.PayoutId)
                {
                    var ours = WithPayout(meta, payout.PayoutId)[BalanceTransactionMapper.MetaDataKey]!.DeepClone();
                    await context.Cloud.MergeMetadataAsync(transactionId, new JsonObject { [BalanceTransactionMapper.MetaDataKey] = ours }, token);
                }
                updates.Add((entry.Posting, transactionId));
            });
            crashPoints.Reach(SyncCrashPoints.AfterPayoutTagsSent);
            foreach (var (posting, transactionId) in updates)
            {
                posting.Tag = PostingTag.Tagged;
                posting.TransactionId = transactionId;
            }
            var missing = batch.Length - updates.Count;
            if (missing > 0)
                logger.LogWarning("Payout {PayoutId} of install {InstalledAppId}: {Missing} posting(s) recorded as posted were not found in the ledger; tagging them waits",
                    payout.PayoutId, context.InstalledAppId, missing);
            foreach (var item in batch.Select(b => b.Item).Distinct())
                item.Done = item.Postings.All(p => p.Tag == PostingTag.Tagged);
            database.InTransaction(() =>
            {
                payouts.SaveItems(batch.Select(b => b.Item).Distinct());
                return 0;
            });
        }
    }

    /// <summary>A payout seen failed or canceled raises one alert (on its own posting in the ledger when there is one), never again.</summary>
    async Task RaiseAlertsAsync(SyncContext context, CancellationToken ct)
    {
        foreach (var payout in payouts.NeedingAttention(context.InstalledAppId).Where(p => p.IsFinal && !p.AlertRaised))
        {
            if (alerts.Find(context.InstalledAppId, RaisedAlertKind.PayoutFailed, payout.PayoutId) is null)
            {
                var flagged = await FlaggedEntityAsync(context, payout, ct);
                await alerts.RaiseAsync(context.Cloud, context.Install, RaisedAlertKind.PayoutFailed, payout.PayoutId, flagged,
                    PayoutText.AlertTitle(payout), PayoutText.AlertDescription(payout, context.Run.RunId), context.Run.RunId, ct);
            }
            payout.AlertRaised = true;
            payouts.Save(payout);
        }
    }

    /// <summary>The posting that returned the money, else the payout's own, else the payouts balance, else @stripe; null (recorded locally only) when the ledger has none of them.</summary>
    async Task<string?> FlaggedEntityAsync(SyncContext context, PayoutRecord payout, CancellationToken ct)
    {
        foreach (var transaction in new[] { payout.FailureBalanceTransactionId, payout.BalanceTransactionId }.OfType<string>())
        {
            var reference = $"stripe:{transaction}";
            var posted = items.Find([SyncItemRecord.IdFor(context.InstalledAppId, reference)]).FirstOrDefault();
            if (posted is not { State: SyncItemState.Posted or SyncItemState.AlreadyPresent }) continue;
            if (posted.TransactionId is { } known) return known;
            if (CloudClient.Text((await context.Cloud.FindTransactionByReferenceAsync(reference, ct))?["transaction_id"]) is { } found)
                return found;
        }
        foreach (var indicator in new[] { context.Preferences.PayoutsIndicator, context.Preferences.StripeIndicator })
            if (await context.Cloud.FindIndicatorBalanceAsync(indicator, payout.Currency, ct) is { } balance)
                return balance.BalanceId;
        return null;
    }

    internal static string? PayoutOf(JsonObject? meta) =>
        meta?[BalanceTransactionMapper.MetaDataKey] is JsonObject ours ? CloudClient.Text(ours[PayoutIdKey]) : null;

    /// <summary>The meta_data (a tree of the caller's own, changed in place) with the payout id added under the app's key, every other key kept.</summary>
    internal static JsonObject WithPayout(JsonObject meta, string payoutId)
    {
        if (meta[BalanceTransactionMapper.MetaDataKey] is not JsonObject ours)
            meta[BalanceTransactionMapper.MetaDataKey] = ours = [];
        ours[PayoutIdKey] = payoutId;
        return meta;
    }
}
