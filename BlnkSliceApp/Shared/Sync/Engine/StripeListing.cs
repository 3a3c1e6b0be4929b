using System.Text.Json;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;
using Stripe;

namespace BlnkSliceApp.Shared.Sync.Engine;

/// <summary>
/// Reads the run's window of Stripe balance transactions page by page and records what each
/// will post. A page and the cursor after it are stored in one LiteDB transaction: a restart
/// continues from the last stored page and never records a transaction twice.
/// </summary>
public sealed class StripeListing(
    StripeGateway stripe,
    SyncItems items,
    SyncRuns runs,
    SyncStates states,
    StripeObjectCache cache,
    AppDatabase database,
    SyncCrashPoints crashPoints,
    TimeProvider time)
{
    /// <summary>Past this many unknown customers on one page, listing all customers costs fewer calls than fetching each.</summary>
    const int ListAllCustomersThreshold = 20;
    const int ParallelLookups = 4;

    public async Task ListAsync(SyncContext context, CancellationToken ct)
    {
        var run = context.Run;
        run.Phase = "Reading Stripe";
        runs.Save(run);
        while (!run.ListingDone)
        {
            var page = await stripe.ListBalanceTransactionsAsync(context.Stripe, run.WindowFrom, run.WindowTo, run.ListingCursor, ct);
            var fresh = page.Items.Where(transaction => !IsRecorded(context.InstalledAppId, transaction.Id)).ToList();
            var records = await PlanAsync(context, fresh, ct);

            var now = UnixMs.From(time.GetUtcNow());
            foreach (var record in records)
                record.MoveTo(SyncItemState.Planned, now);
            database.InTransaction(() =>
            {
                items.RecordNew(records);
                run.ListingCursor = page.Items.Count > 0 ? page.Items[^1].Id : run.ListingCursor;
                run.ListingDone = !page.HasMore || page.Items.Count == 0;
                run.Counts.Fetched += fresh.Count;
                runs.Save(run);
                return 0;
            });
            crashPoints.Reach(SyncCrashPoints.AfterPageRecorded);
        }
    }

    bool IsRecorded(string installedAppId, string balanceTransactionId) =>
        items.IsRecorded(installedAppId, $"stripe:{balanceTransactionId}")
        || items.IsRecorded(installedAppId, $"stripe:{balanceTransactionId}:fee");

    async Task<List<SyncItemRecord>> PlanAsync(SyncContext context, List<BalanceTransaction> transactions, CancellationToken ct)
    {
        var installId = context.InstalledAppId;
        var refs = transactions.ToDictionary(t => t.Id, BalanceTransactionMapper.RefsOf);

        // Charges seen with their customer let later refunds and disputes find it locally.
        cache.RememberCharges(installId, refs.Values
            .Where(r => r.ChargeId is not null && r.CustomerId is not null)
            .Select(r => (r.ChargeId!, r.CustomerId)));
        var customerOf = new Dictionary<string, string?>();
        foreach (var (id, r) in refs)
            customerOf[id] = r.CustomerId ?? (r.ChargeId is { } chargeId && cache.TryChargeCustomer(installId, chargeId, out var known) ? known : null);
        await ResolveChargesAsync(context, refs, customerOf, ct);
        await LearnCustomersAsync(context, customerOf.Values.OfType<string>().Distinct().ToList(), ct);

        var records = new List<SyncItemRecord>();
        foreach (var transaction in transactions)
        {
            var customerId = customerOf[transaction.Id];
            var customer = customerId is null ? null : cache.Customer(installId, customerId);
            var mapped = BalanceTransactionMapper.Map(transaction, refs[transaction.Id], customerId, customer?.Email ?? customer?.Name, context.StripeAccountId);
            var sequence = 0;
            foreach (var posting in mapped.Postings)
                records.Add(Record(context, mapped, posting, sequence++));
        }
        return records;
    }

    /// <summary>Refunds and disputes of charges not seen yet (older than the window) ask Stripe for the charge.</summary>
    async Task ResolveChargesAsync(SyncContext context, Dictionary<string, SourceRefs> refs, Dictionary<string, string?> customerOf, CancellationToken ct)
    {
        var installId = context.InstalledAppId;
        var unknown = refs
            .Where(pair => customerOf[pair.Key] is null && pair.Value.CustomerId is null && pair.Value.ChargeId is { } chargeId && !cache.TryChargeCustomer(installId, chargeId, out _))
            .Select(pair => pair.Value.ChargeId!)
            .Distinct()
            .ToList();
        if (unknown.Count == 0) return;

        var found = new System.Collections.Concurrent.ConcurrentBag<(string, string?)>();
        await Parallel.ForEachAsync(unknown, new ParallelOptions { MaxDegreeOfParallelism = ParallelLookups, CancellationToken = ct }, async (chargeId, token) =>
        {
            var charge = await stripe.GetChargeAsync(context.Stripe, chargeId, token);
            found.Add((chargeId, charge.CustomerId));
        });
        cache.RememberCharges(installId, found);
        foreach (var (id, r) in refs)
            if (customerOf[id] is null && r.ChargeId is { } chargeId && cache.TryChargeCustomer(installId, chargeId, out var customerId))
                customerOf[id] = customerId;
    }

    async Task LearnCustomersAsync(SyncContext context, List<string> customerIds, CancellationToken ct)
    {
        var installId = context.InstalledAppId;
        var unknown = customerIds.Where(id => cache.Customer(installId, id) is null).ToList();
        if (unknown.Count == 0) return;

        if (unknown.Count > ListAllCustomersThreshold && !context.State.CustomersListed)
        {
            string? after = null;
            while (true)
            {
                var page = await stripe.ListCustomersAsync(context.Stripe, null, after, ct);
                cache.Remember(installId, page.Items.Select(c => new StripeCustomerInfo(c.Id, c.Email, c.Name, c.Phone, c.Deleted == true)));
                if (!page.HasMore || page.Items.Count == 0) break;
                after = page.Items[^1].Id;
            }
            context.State.CustomersListed = true;
            context.State.UpdatedAt = UnixMs.From(time.GetUtcNow());
            states.Save(context.State);
            unknown = unknown.Where(id => cache.Customer(installId, id) is null).ToList();
        }

        var fetched = new System.Collections.Concurrent.ConcurrentBag<StripeCustomerInfo>();
        await Parallel.ForEachAsync(unknown, new ParallelOptions { MaxDegreeOfParallelism = ParallelLookups, CancellationToken = ct }, async (customerId, token) =>
            fetched.Add(await stripe.GetCustomerAsync(context.Stripe, customerId, token)));
        cache.Remember(installId, fetched);
    }

    static SyncItemRecord Record(SyncContext context, MappedTransaction mapped, PlannedPosting posting, int sequence) => new()
    {
        Id = SyncItemRecord.IdFor(context.InstalledAppId, posting.Reference),
        InstalledAppId = context.InstalledAppId,
        Reference = posting.Reference,
        BalanceTransactionId = mapped.BalanceTransactionId,
        Created = mapped.Created,
        Sequence = sequence,
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
