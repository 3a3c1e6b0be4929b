using System.Globalization;
using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Customers;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;
using BlnkSliceApp.Shared.Telemetry;

namespace BlnkSliceApp.Shared.Sync.Engine;

/// <summary>
/// Posts recorded items to Blnk in Stripe order, one batch in flight per install (@stripe is
/// a hot balance). The batch is recorded as in flight before the call; whatever a crash leaves
/// in flight is looked up by reference before anything is sent again, so each posting lands once.
/// </summary>
public sealed class LedgerPosting(
    SyncItems items,
    SyncRuns runs,
    SyncStates states,
    AppDatabase database,
    CustomerIdentities customers,
    CustomerLookup customerLookup,
    SyncAlerts alerts,
    SyncCrashPoints crashPoints,
    SyncTuning tuning,
    Payouts.PayoutsAtSending payoutsAtSending,
    SyncMetrics metrics,
    TimeProvider time,
    ILogger<LedgerPosting> logger)
{
    const int ParallelCustomers = 128;
    const int LookAheadBatches = 10;

    /// <summary>The balances of every customer the listing met, found or created all at once before posting.</summary>
    public async Task ResolveListedCustomersAsync(SyncContext context, CancellationToken ct)
    {
        context.Run.Phase = "Linking customers";
        runs.Save(context.Run);
        var known = context.Customers;
        await ResolveAsync(context, context.ListedCustomers.Where(pair => !known.Balances.ContainsKey(pair)).ToList(), known, ct);
    }

    /// <summary>
    /// Beside the listing: links the customers it meets as it meets them, a few hundred at a
    /// time, so linking's Cloud waits overlap Stripe's instead of following them. Ends once the
    /// listing has completed <see cref="SyncContext.CustomersToLink"/>.
    /// </summary>
    public async Task LinkAsListedAsync(SyncContext context, CancellationToken ct)
    {
        var reader = context.CustomersToLink.Reader;
        var known = context.Customers;
        while (await reader.WaitToReadAsync(ct))
        {
            var pairs = new List<(string Customer, string Currency)>();
            while (pairs.Count < 4 * ParallelCustomers && reader.TryRead(out var pair))
                if (!known.Balances.ContainsKey(pair))
                    pairs.Add(pair);
            await ResolveAsync(context, pairs, known, ct);
        }
    }

    public async Task PostAsync(SyncContext context, CancellationToken ct)
    {
        var run = context.Run;
        var known = context.Customers;
        run.Phase = "Posting to the ledger";
        runs.Save(run);
        await SettleBatchInFlightAsync(context, ct);
        // Look ahead in the queue only for items whose customers this run's listing did not
        // meet (a resumed run, items left by an earlier one).
        var lookAhead = context.ListedCustomers.Count == 0;
        var prepared = 0;
        while (true)
        {
            if (lookAhead && prepared <= 0)
                prepared = await PrepareCustomerBalancesAsync(context, known, ct);
            var batch = items.NextPending(context.InstalledAppId, tuning.BatchSize);
            if (batch.Count == 0) return;
            prepared -= batch.Count;

            // Items marked Sending one by one (by an earlier version of the app).
            if (batch.Any(item => item.State == SyncItemState.Sending))
            {
                await SettleUnknownOutcomesAsync(context, batch.Where(item => item.State == SyncItemState.Sending).ToList(), ct);
                continue;
            }

            var resolvedBefore = known.Balances.Count;
            var bodies = await BuildBodiesAsync(context, batch, known, ct);
            lookAhead |= known.Balances.Count != resolvedBefore;
            // One small write says which items are in flight (cheaper than marking each one).
            context.State.InFlight = batch.Select(item => item.Id).ToList();
            states.Save(context.State);
            crashPoints.Reach(SyncCrashPoints.AfterBatchMarkedSending);

            if (context.BulkUnavailable)
                await PostOneByOneAsync(context, batch, bodies, ct);
            else
                await PostBulkAsync(context, batch, bodies, ct);

            context.State.InFlight = null;
            database.InTransaction(() =>
            {
                states.Save(context.State);
                runs.Save(run);
                return 0;
            });
            crashPoints.Reach(SyncCrashPoints.AfterBatchSettled);
        }
    }

    /// <summary>A crash left a batch in flight: what Blnk has of it is posted, the rest goes back to the queue.</summary>
    async Task SettleBatchInFlightAsync(SyncContext context, CancellationToken ct)
    {
        if (context.State.InFlight is not { Count: > 0 } inFlight)
            return;
        var unsettled = items.Find(inFlight).Where(item => item.PendingKey is not null).ToList();
        await SettleUnknownOutcomesAsync(context, unsettled, ct);
        context.State.InFlight = null;
        states.Save(context.State);
    }

    async Task PostBulkAsync(SyncContext context, List<SyncItemRecord> batch, List<JsonObject> bodies, CancellationToken ct)
    {
        var result = await context.Cloud.PostBulkAsync(bodies, ct);
        crashPoints.Reach(SyncCrashPoints.AfterBatchSent);
        switch (result.Status)
        {
            case BulkStatus.RouteMissing:
                context.BulkUnavailable = true;
                logger.LogInformation("Blnk Cloud has no bulk route for install {InstalledAppId}; posting one by one", context.InstalledAppId);
                await PostOneByOneAsync(context, batch, bodies, ct);
                return;
            case BulkStatus.Succeeded:
                await SettleAsync(context, batch, SyncItemState.Posted, ct);
                return;
        }

        // Core stops at the first failing item: those before it are in, those after it were never tried.
        // Those after it stay Planned and come again in the next batch.
        var failed = Math.Clamp(result.FailedIndex ?? 0, 0, batch.Count - 1);
        await SettleAsync(context, batch[..failed], SyncItemState.Posted, ct);

        var failing = batch[failed];
        if (IsDuplicate(result.Code))
        {
            var settled = await SettleDuplicateAsync(context, failing, ct);
            // A duplicate is most often a batch whose answer was lost after Blnk applied it (the
            // retry then meets its own first item): the rest is looked up a hundred at a time,
            // rather than coming back one bulk call and one look-up per item.
            await SettleUnknownOutcomesAsync(context, batch[(failed + 1)..].Where(item => !settled.Contains(item.Id)).ToList(), ct);
        }
        else
            await RejectAsync(context, failing, result.Message ?? result.Code ?? "no reason given", ct);
    }

    async Task PostOneByOneAsync(SyncContext context, List<SyncItemRecord> batch, List<JsonObject> bodies, CancellationToken ct)
    {
        var settledAlready = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < batch.Count; i++)
        {
            if (settledAlready.Contains(batch[i].Id)) continue;
            var result = await context.Cloud.PostTransactionAsync(bodies[i], ct);
            crashPoints.Reach(SyncCrashPoints.AfterBatchSent);
            switch (result.Status)
            {
                case PostStatus.Applied:
                    batch[i].TransactionId = result.TransactionId;
                    await SettleAsync(context, [batch[i]], SyncItemState.Posted, ct);
                    break;
                case PostStatus.Duplicate:
                    settledAlready.UnionWith(await SettleDuplicateAsync(context, batch[i], ct));
                    break;
                default:
                    await RejectAsync(context, batch[i], result.Message ?? result.Code ?? "no reason given", ct);
                    break;
            }
        }
    }

    /// <summary>Items whose outcome is unknown (a crash, a lost answer): what Blnk has is posted; the rest goes back to the queue.</summary>
    async Task SettleUnknownOutcomesAsync(SyncContext context, List<SyncItemRecord> sending, CancellationToken ct)
    {
        if (sending.Count == 0) return;
        var found = await context.Cloud.FindTransactionsByReferencesAsync(sending.Select(item => item.Reference).ToList(), ct);
        var present = sending.Where(item => found.ContainsKey(item.Reference))
            .ToDictionary(item => item.Id, item => CloudClient.Text(found[item.Reference]["transaction_id"]), StringComparer.Ordinal);

        var landed = sending.Where(item => present.ContainsKey(item.Id)).ToList();
        foreach (var item in landed)
            item.TransactionId = present[item.Id];
        await SettleAsync(context, landed, SyncItemState.AlreadyPresent, ct);

        var now = Now();
        var missing = sending.Where(item => !present.ContainsKey(item.Id) && item.State != SyncItemState.Planned).ToList();
        foreach (var item in missing)
            item.MoveTo(SyncItemState.Planned, now);
        items.Save(missing);
    }

    /// <summary>
    /// Core says the reference exists: confirm with a look-up before counting it as already
    /// present. Returns the ids of other items that turned out to be in the ledger already (see
    /// <see cref="SettleFeePostedWholeAsync"/>).
    /// </summary>
    async Task<IReadOnlyCollection<string>> SettleDuplicateAsync(SyncContext context, SyncItemRecord item, CancellationToken ct)
    {
        if (await context.Cloud.FindTransactionByReferenceAsync(item.Reference, ct) is { } found)
        {
            item.TransactionId = found["transaction_id"]?.GetValue<string>();
            await SettleAsync(context, [item], SyncItemState.AlreadyPresent, ct);
            return await SettleFeePostedWholeAsync(context, item, found, ct);
        }
        await RejectAsync(context, item, "Blnk reported that the reference already exists, but no transaction with it can be found", ct);
        return [];
    }

    /// <summary>
    /// Versions before fee_details were split posted a transaction's whole fee (Stripe's fee, tax
    /// on it, application fees) as <c>stripe:&lt;txn&gt;:fee</c>. Normally such a transaction is
    /// never planned again (the listing skips what is recorded), but if the local records were
    /// lost, it is planned anew as several fee postings. When the ledger's <c>:fee</c> then holds
    /// exactly the sum of them, the others are in it already and must not be posted again.
    /// </summary>
    async Task<IReadOnlyCollection<string>> SettleFeePostedWholeAsync(SyncContext context, SyncItemRecord item, JsonObject found, CancellationToken ct)
    {
        if (item.Part != MappingRules.StripeFee.Suffix
            || !long.TryParse(found["precise_amount"]?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var inLedger)
            || inLedger == item.PreciseAmount)
            return [];
        var otherFees = items.PendingOfTransaction(item).Where(sibling => sibling.Part?.StartsWith("fee:", StringComparison.Ordinal) == true).ToList();
        // Stripe's fee leaves the mirror and refunded parts come back: compare signed amounts.
        long Signed(SyncItemRecord fee) => PlannedPosting.EffectOnStripe(fee.Source, fee.Destination, fee.PreciseAmount);
        if (otherFees.Count == 0 || Math.Abs(Signed(item) + otherFees.Sum(Signed)) != inLedger)
            return [];
        logger.LogInformation("{Reference} holds the whole fee of {BalanceTransactionId} (posted before fees were split); its {Count} other fee postings are in it already",
            item.Reference, item.BalanceTransactionId, otherFees.Count);
        await SettleAsync(context, otherFees, SyncItemState.AlreadyPresent, ct);
        return otherFees.Select(fee => fee.Id).ToList();
    }

    async Task RejectAsync(SyncContext context, SyncItemRecord item, string reason, CancellationToken ct)
    {
        item.RejectionReason = reason;
        await SettleAsync(context, [item], SyncItemState.Rejected, ct);
        var message = $"Blnk refused {Describe(item)} ({item.Reference}): {reason}";
        if (!context.Run.Errors.Contains(message) && context.Run.Errors.Count < 50)
            context.Run.Errors.Add(message);
        var flagged = await StripeBalanceIdAsync(context, item.Currency, ct);
        await alerts.RaiseRejectedPostingAsync(context.Cloud, context.Install, flagged, item.Reference, reason, context.Run.RunId, ct);
    }

    async Task SettleAsync(SyncContext context, IReadOnlyList<SyncItemRecord> settled, SyncItemState state, CancellationToken ct)
    {
        if (settled.Count == 0) return;
        var now = Now();
        var run = context.Run;
        foreach (var item in settled)
        {
            item.MoveTo(state, now);
            item.SettledByRun = run.RunId;
            switch (state)
            {
                case SyncItemState.Posted: run.Counts.Posted++; break;
                case SyncItemState.AlreadyPresent: run.Counts.AlreadyPresent++; break;
                case SyncItemState.Rejected: run.Counts.Failed++; break;
            }
            if (state != SyncItemState.Rejected)
                AddToTotals(run, item);
        }
        items.Save(settled);
        runs.Save(run);
        metrics.Settled(context.InstalledAppId, state, settled.Count);

        foreach (var item in settled.Where(item => item.Unmapped && state != SyncItemState.Rejected && item.Sequence == 0))
        {
            var flagged = item.TransactionId
                ?? (await context.Cloud.FindTransactionByReferenceAsync(item.Reference, ct))?["transaction_id"]?.GetValue<string>()
                ?? await StripeBalanceIdAsync(context, item.Currency, ct);
            await alerts.RaiseUnmappedCategoryAsync(context.Cloud, context.Install, flagged, item.Category, item.BalanceTransactionId, run.RunId, ct);
        }
    }

    static void AddToTotals(SyncRunRecord run, SyncItemRecord item)
    {
        var category = TotalLabel(item);
        var total = run.Totals.FirstOrDefault(t => t.Category == category && t.Currency == item.Currency);
        if (total is null)
            run.Totals.Add(total = new CategoryTotal { Category = category, Currency = item.Currency, Precision = item.Precision });
        total.Count++;
        total.PreciseAmount += item.PreciseAmount;
    }

    /// <summary>
    /// The line of the run's totals: the category for amounts, "charge fee" for Stripe's fee (as
    /// before), "charge fee:tax" and so on for the other fees. Items recorded before parts
    /// existed tell their fee by the reference.
    /// </summary>
    static string TotalLabel(SyncItemRecord item) =>
        item.Part is { Length: > 0 } part ? $"{item.Category} {part}"
        : item.Reference.EndsWith(":fee", StringComparison.Ordinal) ? $"{item.Category} fee"
        : item.Category;

    async Task<string> StripeBalanceIdAsync(SyncContext context, string currency, CancellationToken ct) =>
        (await context.Cloud.FindIndicatorBalanceAsync(context.Preferences.StripeIndicator, currency, ct))?.BalanceId ?? context.LedgerId;

    async Task<List<JsonObject>> BuildBodiesAsync(SyncContext context, List<SyncItemRecord> batch, RunCustomers known, CancellationToken ct)
    {
        var balances = await CustomerBalancesAsync(context, batch, known, ct);
        payoutsAtSending.Carry(context.InstalledAppId, batch);
        return batch.Select(item => new JsonObject
        {
            ["precise_amount"] = item.PreciseAmount,
            ["precision"] = item.Precision,
            ["currency"] = item.Currency,
            ["reference"] = item.Reference,
            ["description"] = item.Description,
            ["source"] = Address(context, item.Source, item, balances),
            ["destination"] = Address(context, item.Destination, item, balances),
            ["effective_date"] = DateTimeOffset.FromUnixTimeSeconds(item.Created).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["meta_data"] = JsonNode.Parse(item.MetaDataJson),
            // The money already moved at Stripe: the mirror must not refuse it for want of funds.
            ["allow_overdraft"] = true,
            ["skip_queue"] = true,
        }).ToList();
    }

    static string Address(SyncContext context, LedgerRole role, SyncItemRecord item, IReadOnlyDictionary<(string, string), string> balances) =>
        role == LedgerRole.Customer && item.CustomerId is { } customerId ? balances[(customerId, item.Currency)] : context.Preferences.Indicator(role);

    /// <summary>
    /// The customer balances the next items need (many batches ahead), found or created many at
    /// once: a batch then waits for its own post only, not for its slowest new customer. Returns
    /// how many items it looked at.
    /// </summary>
    async Task<int> PrepareCustomerBalancesAsync(SyncContext context, RunCustomers known, CancellationToken ct)
    {
        var ahead = items.NextPending(context.InstalledAppId, tuning.BatchSize * LookAheadBatches);
        await CustomerBalancesAsync(context, ahead, known, ct);
        return ahead.Count;
    }

    internal static bool NeedsCustomer(SyncItemRecord item) =>
        item.CustomerId is not null && (item.Source == LedgerRole.Customer || item.Destination == LedgerRole.Customer);

    /// <summary>Each customer's balance in each currency of these items: known ones from this run or locally, any others through Cloud.</summary>
    async Task<IReadOnlyDictionary<(string, string), string>> CustomerBalancesAsync(SyncContext context, List<SyncItemRecord> batch, RunCustomers known, CancellationToken ct)
    {
        var toResolve = new List<(string Customer, string Currency)>();
        foreach (var pair in batch.Where(NeedsCustomer).Select(item => (Customer: item.CustomerId!, item.Currency)).Distinct())
        {
            if (known.Balances.ContainsKey(pair)) continue;
            if (customers.KnownBalance(context.InstalledAppId, pair.Customer, pair.Currency) is { } stored)
                known.Balances[pair] = stored;
            else
                toResolve.Add(pair);
        }
        if (toResolve.Count > 0)
            await ResolveAsync(context, toResolve, known, ct);
        return known.Balances;
    }

    /// <summary>Many customers at once; each customer's currencies together, behind one identity look-up.</summary>
    async Task ResolveAsync(SyncContext context, List<(string Customer, string Currency)> pairs, RunCustomers known, CancellationToken ct)
    {
        if (pairs.Count == 0) return;
        var byCustomer = pairs.GroupBy(pair => pair.Customer, pair => pair.Currency, StringComparer.Ordinal).ToList();
        var searched = await customers.FindByMetadataAsync(context.Cloud, byCustomer.Select(customer => customer.Key), ct);
        await Parallel.ForEachAsync(byCustomer, new ParallelOptions { MaxDegreeOfParallelism = ParallelCustomers, CancellationToken = ct }, async (customer, token) =>
        {
            var info = await customerLookup.FindAsync(context, customer.Key, token);
            var balances = await customers.EnsureBalancesAsync(context.Cloud, context.LedgerId, info, customer, context.StripeAccountId, token, searched);
            foreach (var currency in customer)
                known.Balances[(customer.Key, currency)] = balances.BalanceIds[currency.ToUpperInvariant()];
            lock (known.Counted)
            {
                if (!known.Counted.Add(customer.Key)) return;
                if (balances.Outcome is CustomerLinkOutcome.LinkedByEmail or CustomerLinkOutcome.LinkedByMetadata)
                    context.Run.Counts.CustomersLinked++;
                else if (balances.Outcome == CustomerLinkOutcome.Created)
                    context.Run.Counts.CustomersCreated++;
            }
        });
    }

    static bool IsDuplicate(string? code) => string.Equals(code, "TXN_DUPLICATE_REFERENCE", StringComparison.OrdinalIgnoreCase);

    // An erased install's items read back with a null description (LiteDB stores "" as null).
    static string Describe(SyncItemRecord item) => item.Description is { Length: > 0 } description ? description : item.Category;

    long Now() => UnixMs.From(time.GetUtcNow());
}
