using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Payouts;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Shared.Sync.Engine;

/// <summary>
/// Reads the run's window of Stripe balance transactions page by page and records what each
/// will post. A long window is read as several parts side by side (see <see cref="ListingPlan"/>).
/// A page and its part's cursor after it are stored in one LiteDB transaction: a restart
/// continues each part from its last stored page and never records a transaction twice.
/// </summary>
public sealed class StripeListing(
    StripeGateway stripe,
    StripeAccountBudget budget,
    SyncItems items,
    SyncRuns runs,
    SyncStates states,
    StripeObjectCache cache,
    PayoutStore payouts,
    Customers.CustomerRefresh customerRefresh,
    AppDatabase database,
    SyncCrashPoints crashPoints,
    TimeProvider time,
    ILogger<StripeListing> logger)
{
    /// <summary>Past this many unknown customers on one page, listing all customers costs fewer calls than fetching each.</summary>
    const int ListAllCustomersThreshold = 20;
    const int ParallelLookups = 4;
    const int ResolveChunk = 500;

    public async Task ListAsync(SyncContext context, CancellationToken ct)
    {
        var run = context.Run;
        run.Phase = "Reading Stripe";
        var concurrent = budget.ConcurrentListings(context.Stripe.SecretKey);
        run.Ranges ??= ListingPlan.Ranges(run, concurrent);
        runs.Save(run);
        // Each part has its next page in flight while pages are recorded one at a time (one
        // LiteDB writer, and the run's memory of customers and charges is not shared between
        // threads): Stripe's answer times overlap each other and the local work. Only a
        // stored page moves a part's cursor, so a crash loses nothing.
        var fetches = new Dictionary<Task<StripePage<StripeBalanceTransaction>>, ListingRange>();
        // Where the listing's time goes: waiting for Stripe (no page in) or recording pages (planning and writing them).
        long waiting = 0, recording = 0, pages = 0;
        foreach (var range in run.Ranges.Where(range => !range.Done))
            fetches.Add(FetchAsync(context, range, range.Cursor, ct), range);
        try
        {
            while (fetches.Count > 0)
            {
                var waitedFrom = time.GetTimestamp();
                var arrived = await Task.WhenAny(fetches.Keys);
                waiting += time.GetTimestamp() - waitedFrom;
                var range = fetches[arrived];
                fetches.Remove(arrived);
                var page = await arrived;
                // A part that gave its older half away while this page was in flight ends where that half begins.
                var mine = page.Items.Where(transaction => transaction.Created >= range.From).ToList();
                var done = !page.HasMore || mine.Count == 0 || mine.Count < page.Items.Count;
                if (!done)
                    fetches.Add(FetchAsync(context, range, mine[^1].Id, ct), range);
                var recordedFrom = time.GetTimestamp();
                await RecordPageAsync(context, range, mine, done, ct);
                recording += time.GetTimestamp() - recordedFrom;
                pages++;
                // Fewer listings than the budget allows (a part finished, or the window's
                // transactions sit in one part): half of what is left to read goes to a new one.
                var split = false;
                while (fetches.Count < concurrent && ListingPlan.TakeOver(run) is { } taken)
                {
                    split = true;
                    fetches.Add(FetchAsync(context, taken, null, ct), taken);
                }
                if (split)
                    runs.Save(run);
            }
            logger.LogInformation("Sync run {RunId}: its listing of {Pages} pages took {Waiting:F2} s waiting for Stripe with no page in and {Recording:F2} s recording pages (planning and writing them)",
                run.RunId, pages, Seconds(waiting), Seconds(recording));
        }
        catch
        {
            // Nobody awaits the pages still in flight any more: observe their outcome so none is left unobserved.
            foreach (var fetch in fetches.Keys)
                _ = fetch.ContinueWith(t => t.Exception, TaskScheduler.Default);
            throw;
        }
    }

    double Seconds(long ticks) => (double)ticks / time.TimestampFrequency;

    Task<StripePage<StripeBalanceTransaction>> FetchAsync(SyncContext context, ListingRange range, string? after, CancellationToken ct) =>
        stripe.ListBalanceTransactionsAsync(context.Stripe, range.From, range.To, after, ct);

    async Task RecordPageAsync(SyncContext context, ListingRange range, List<StripeBalanceTransaction> page, bool done, CancellationToken ct)
    {
        var run = context.Run;
        // Only transactions an earlier run read can be recorded already (see RecordedBefore).
        var fresh = page
            .Where(transaction => !(transaction.Created < run.RecordedBefore && IsRecorded(context.InstalledAppId, transaction)))
            .ToList();
        var (records, charges) = await PlanAsync(context, fresh, ct);

        var now = UnixMs.From(time.GetUtcNow());
        foreach (var record in records)
            record.MoveTo(SyncItemState.Planned, now);
        var added = database.InTransaction(() =>
        {
            cache.StoreCharges(context.InstalledAppId, charges);
            payouts.Discover(context.InstalledAppId, run.RunId, fresh);
            var added = items.RecordNew(records, item => item.Created < run.RecordedBefore);
            if (context.State.Cursor is null)
            {
                foreach (var item in added)
                    SyncRunner.AddStripeEffect(context.State.FirstWindowEffect, item);
                states.Save(context.State);
            }
            if (page.Count > 0)
            {
                range.Cursor = page[^1].Id;
                range.CursorCreated = page[^1].Created;
            }
            range.Done = done;
            range.SplitSincePage = false;
            // A finished part is needed no more: the run keeps only what a restart has to go on with.
            if (done)
                run.Ranges!.Remove(range);
            run.ListingDone = run.Ranges!.Count == 0;
            run.Counts.Fetched += fresh.Count;
            run.Counts.Recorded += added.Count;
            runs.Save(run);
            return added;
        });
        NoteCustomers(context, added);
        crashPoints.Reach(SyncCrashPoints.AfterPageRecorded);
        if (run.Ranges!.Count(part => part is { Done: false, Cursor: not null }) >= 2)
            crashPoints.Reach(SyncCrashPoints.AfterPageWithRangesHalfRead);
    }

    /// <summary>
    /// Any posting of the transaction recorded means all of it is (a page's items are stored in
    /// one LiteDB transaction), whichever version planned it: a transaction an earlier version
    /// recorded with one fee posting is never planned again as several.
    /// </summary>
    bool IsRecorded(string installedAppId, StripeBalanceTransaction transaction) =>
        BalanceTransactionMapper.ReferencesOf(transaction).Any(reference => items.IsRecorded(installedAppId, reference));

    /// <summary>The page's items, and the charges it showed (stored with the items, in the page's transaction).</summary>
    async Task<(List<SyncItemRecord> Records, List<(string ChargeId, string? CustomerId)> Charges)> PlanAsync(SyncContext context, List<StripeBalanceTransaction> transactions, CancellationToken ct)
    {
        var installId = context.InstalledAppId;
        var refs = transactions.ToDictionary(t => t.Id, BalanceTransactionMapper.RefsOf);

        // Charges seen (with or without a customer) let refunds and disputes find their customer locally;
        // a refund's own refs carry its charge's id but not its customer, so only charges themselves count.
        var charges = refs.Values
            .Where(r => r.ChargeId is not null && (r.CustomerId is not null || r.SourceId == r.ChargeId))
            .Select(r => (r.ChargeId!, r.CustomerId))
            .ToList();
        context.ChargeCustomers.Keep(charges);
        customerRefresh.Notice(context, Customers.CustomerRefresh.ExpandedIn(transactions));
        var customerOf = new Dictionary<string, string?>();
        foreach (var (id, r) in refs)
            customerOf[id] = r.CustomerId ?? (r.ChargeId is { } chargeId && TryChargeCustomer(context, chargeId, out var known) ? known : null);
        await LearnCustomersAsync(context, customerOf.Values.OfType<string>().Distinct().ToList(), ct);

        var records = new List<SyncItemRecord>();
        foreach (var transaction in transactions)
        {
            var customerId = customerOf[transaction.Id];
            var mapped = BalanceTransactionMapper.Map(transaction, refs[transaction.Id], customerId, context.StripeAccountId, context.CategoryRules);
            var sequence = 0;
            foreach (var posting in mapped.Postings)
            {
                var record = Record(context, mapped, posting, sequence++);
                record.KeepStripeIds(refs[transaction.Id].SourceId, refs[transaction.Id].ChargeId, refs[transaction.Id].PaymentIntentId);
                // A refund or dispute whose charge is not known yet: its customer is filled in once the listing ends.
                if (customerId is null && refs[transaction.Id].ChargeId is { } chargeId && !TryChargeCustomer(context, chargeId, out _)
                    && (posting.Source == LedgerRole.Unattributed || posting.Destination == LedgerRole.Unattributed))
                    record.AwaitingCharge = SyncItemRecord.PendingPrefix(installId) + chargeId;
                records.Add(record);
            }
        }
        return (records, charges);
    }

    /// <summary>
    /// Gives refunds and disputes recorded before their charge was seen the charge's customer:
    /// most charges came later in the same listing; the rest (older than the window) are asked
    /// of Stripe. Runs after the listing, before posting, and again after a restart.
    /// </summary>
    public async Task ResolveAwaitingCustomersAsync(SyncContext context, CancellationToken ct)
    {
        var installId = context.InstalledAppId;
        while (items.AwaitingCustomer(installId, ResolveChunk) is { Count: > 0 } waiting)
        {
            var unknown = waiting
                .Select(item => ChargeOf(item))
                .Where(chargeId => !TryChargeCustomer(context, chargeId, out _))
                .Distinct()
                .ToList();
            var found = new System.Collections.Concurrent.ConcurrentBag<(string, string?)>();
            // A charge read now also tells which pay-in a refund or dispute adjusts.
            var payIns = new System.Collections.Concurrent.ConcurrentDictionary<string, string>(StringComparer.Ordinal);
            await Parallel.ForEachAsync(unknown, new ParallelOptions { MaxDegreeOfParallelism = ParallelLookups, CancellationToken = ct }, async (chargeId, token) =>
            {
                var charge = await stripe.GetChargeAsync(context.Stripe, chargeId, token);
                found.Add((chargeId, charge.CustomerId));
                if (charge.BalanceTransactionId is { } payIn)
                    payIns[chargeId] = payIn;
            });
            RememberCharges(context, found.ToList());

            var customerOf = waiting.ToDictionary(item => item.Id, item => TryChargeCustomer(context, ChargeOf(item), out var customerId) ? customerId : null);
            await LearnCustomersAsync(context, customerOf.Values.OfType<string>().Distinct().ToList(), ct);
            foreach (var item in waiting)
            {
                var chargeId = ChargeOf(item);
                item.AwaitingCharge = null;
                var meta = JsonNode.Parse(item.MetaDataJson)!.AsObject();
                var ours = meta[BalanceTransactionMapper.MetaDataKey] as JsonObject;
                if (ours is not null && ours["parent_reference"] is null && payIns.TryGetValue(chargeId, out var payIn)
                    && MappingRules.For(item.Category)?.Parent is ParentLink.Charge or ParentLink.DisputeWithdrawal)
                    ours["parent_reference"] = BalanceTransactionMapper.ReferenceOf(payIn);
                if (customerOf[item.Id] is { } customerId)
                {
                    item.CustomerId = customerId;
                    if (item.Source == LedgerRole.Unattributed) item.Source = LedgerRole.Customer;
                    if (item.Destination == LedgerRole.Unattributed) item.Destination = LedgerRole.Customer;
                    if (ours is not null) ours["customer_id"] = customerId;
                    item.Description = BalanceTransactionMapper.WithCustomer(item.Description, customerId);
                }
                item.MetaDataJson = meta.ToJsonString();
            }
            items.Save(waiting);
            NoteCustomers(context, waiting);
        }
    }

    static void NoteCustomers(SyncContext context, IEnumerable<SyncItemRecord> recorded)
    {
        foreach (var item in recorded.Where(LedgerPosting.NeedsCustomer))
            if (context.ListedCustomers.Add((item.CustomerId!, item.Currency)))
                context.CustomersToLink.Writer.TryWrite((item.CustomerId!, item.Currency));
    }

    static string ChargeOf(SyncItemRecord item)
    {
        var awaiting = item.AwaitingCharge!;
        return awaiting[(awaiting.IndexOf('|') + 1)..];
    }

    async Task LearnCustomersAsync(SyncContext context, List<string> customerIds, CancellationToken ct)
    {
        var unknown = customerIds.Where(id => Customer(context, id) is null).ToList();
        if (unknown.Count == 0) return;

        if (unknown.Count > ListAllCustomersThreshold && !context.State.CustomersListed)
        {
            string? after = null;
            while (true)
            {
                var page = await stripe.ListCustomersAsync(context.Stripe, null, after, ct);
                RememberCustomers(context, page.Items.Select(c => new StripeCustomerInfo(c.Id, c.Email, c.Name, c.Phone, c.Deleted == true)).ToList());
                if (!page.HasMore || page.Items.Count == 0) break;
                after = page.Items[^1].Id;
            }
            context.State.CustomersListed = true;
            context.State.UpdatedAt = UnixMs.From(time.GetUtcNow());
            states.Save(context.State);
            unknown = unknown.Where(id => Customer(context, id) is null).ToList();
        }

        var fetched = new System.Collections.Concurrent.ConcurrentBag<StripeCustomerInfo>();
        await Parallel.ForEachAsync(unknown, new ParallelOptions { MaxDegreeOfParallelism = ParallelLookups, CancellationToken = ct }, async (customerId, token) =>
            fetched.Add(await stripe.GetCustomerAsync(context.Stripe, customerId, token)));
        RememberCustomers(context, fetched.ToList());
    }

    /// <summary>The run's memory first, then the local cache (whose answer the run then keeps).</summary>
    StripeCustomerInfo? Customer(SyncContext context, string customerId)
    {
        if (context.StripeCustomers.TryGetValue(customerId, out var known)) return known;
        if (cache.Customer(context.InstalledAppId, customerId) is not { } cached) return null;
        return context.StripeCustomers[customerId] = cached;
    }

    bool TryChargeCustomer(SyncContext context, string chargeId, out string? customerId)
    {
        if (context.ChargeCustomers.TryGet(chargeId, out customerId)) return true;
        if (!cache.TryChargeCustomer(context.InstalledAppId, chargeId, out customerId)) return false;
        context.ChargeCustomers.Keep([(chargeId, customerId)]);
        return true;
    }

    void RememberCustomers(SyncContext context, List<StripeCustomerInfo> customers) =>
        customerRefresh.Notice(context, customers);

    void RememberCharges(SyncContext context, List<(string ChargeId, string? CustomerId)> charges)
    {
        cache.RememberCharges(context.InstalledAppId, charges);
        context.ChargeCustomers.Keep(charges);
    }

    static SyncItemRecord Record(SyncContext context, MappedTransaction mapped, PlannedPosting posting, int sequence) => new()
    {
        Id = SyncItemRecord.IdFor(context.InstalledAppId, posting.Reference),
        InstalledAppId = context.InstalledAppId,
        Reference = posting.Reference,
        BalanceTransactionId = mapped.BalanceTransactionId,
        Created = mapped.Created,
        Sequence = sequence,
        Part = posting.Part.Length == 0 ? null : posting.Part,
        Category = mapped.ReportingCategory,
        Unmapped = mapped.Unmapped,
        Currency = posting.Currency,
        PreciseAmount = posting.PreciseAmount,
        Precision = posting.Precision,
        Source = posting.Source,
        Destination = posting.Destination,
        CustomerId = mapped.CustomerId,
        Description = posting.Description,
        MetaDataJson = posting.MetaData.ToJsonString(),
        RecordedByRun = context.Run.RunId,
    };
}
