using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Engine;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Shared.Sync.Customers;

/// <summary>
/// Customers change after the fact: a new email or name, a deletion. Every Stripe answer a run
/// reads shows the customers it meets as they are now (expanded in the balance transactions,
/// listed, or read by id); <see cref="Notice"/> keeps them, and after linking
/// <see cref="RefreshAsync"/> updates the identities whose customer differs from what was last
/// written to them (<see cref="CustomerLinkRecord.SeenDigest"/>). Unchanged customers cost no call and
/// no write. The identity's metadata always gets the new facts; its own fields (names, email,
/// phone) only when the app created it, since an identity linked by metadata or email belongs to
/// someone else's records. A deleted customer is marked, never removed: its money history stays.
/// </summary>
public sealed class CustomerRefresh(StripeObjectCache cache, CustomerIdentities identities, TimeProvider time, ILogger<CustomerRefresh> logger)
{
    const int ParallelUpdates = 4;

    /// <summary>The customers behind the transactions' sources, where Stripe expanded them.</summary>
    public static IEnumerable<StripeCustomerInfo> ExpandedIn(IEnumerable<StripeBalanceTransaction> transactions)
    {
        foreach (var transaction in transactions)
        {
            var customer = transaction.Source switch
            {
                StripeSourceCharge charge => charge.Customer,
                StripeSourceRefund refund => refund.Charge?.Customer,
                StripeSourceDispute dispute => dispute.Charge?.Customer,
                _ => null,
            };
            if (customer is { Id.Length: > 0 })
                yield return customer;
        }
    }

    /// <summary>
    /// Customers as Stripe just answered: kept for this run (and in the local cache when they
    /// differ from it), with what was known before, for <see cref="RefreshAsync"/>.
    /// </summary>
    public void Notice(SyncContext context, IEnumerable<StripeCustomerInfo> customers)
    {
        var differing = new List<StripeCustomerInfo>();
        // The run's listing records one page at a time today; the lock keeps these maps whole should pages ever overlap.
        lock (context.FreshCustomers)
        {
            foreach (var customer in customers.DistinctBy(c => c.Id))
            {
                var known = context.StripeCustomers.GetValueOrDefault(customer.Id) ?? cache.Customer(context.InstalledAppId, customer.Id);
                context.CustomerBaselines.TryAdd(customer.Id, known);
                if (known != customer) differing.Add(customer);
                context.StripeCustomers[customer.Id] = customer;
                context.FreshCustomers[customer.Id] = customer;
            }
        }
        if (differing.Count > 0)
            cache.Remember(context.InstalledAppId, differing);
    }

    /// <summary>Brings the identities of the customers this run saw changed up to date; a failure is logged and retried when the customer is met again.</summary>
    public async Task RefreshAsync(SyncContext context, CancellationToken ct)
    {
        var due = new List<(CustomerLinkRecord Link, StripeCustomerInfo Now)>();
        var quiet = new List<CustomerLinkRecord>();
        foreach (var (customerId, now) in context.FreshCustomers)
        {
            if (identities.LinkOf(context.InstalledAppId, customerId) is not { } link) continue;
            // Links made before their facts were kept: the cache's answer from before this run stands in once.
            var same = link.SameAsSeen(now) ?? (context.CustomerBaselines.GetValueOrDefault(customerId) ?? now) == now;
            if (same)
            {
                if (!link.SeenKnown)
                {
                    link.MarkSeen(now);
                    quiet.Add(link);
                }
                continue;
            }
            due.Add((link, now));
        }
        await identities.SaveLinksAsync(quiet);
        if (due.Count == 0) return;

        var updated = new System.Collections.Concurrent.ConcurrentBag<CustomerLinkRecord>();
        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = ParallelUpdates, CancellationToken = ct }, async (entry, token) =>
        {
            try
            {
                await UpdateIdentityAsync(context.Cloud, entry.Link, entry.Now, token);
                entry.Link.MarkSeen(entry.Now);
                updated.Add(entry.Link);
            }
            catch (CloudCallException error)
            {
                logger.LogWarning("Could not update the identity of Stripe customer {CustomerId} (install {InstalledAppId}): {Reason}; the next run that meets it tries again",
                    entry.Link.CustomerId, context.InstalledAppId, error.Message);
            }
        });
        await identities.SaveLinksAsync(updated.ToList());
        context.Run.Counts.CustomersUpdated += updated.Count;
        logger.LogInformation("Sync run {RunId}: {Count} customer(s) changed in Stripe, their identities updated", context.Run.RunId, updated.Count);
    }

    async Task UpdateIdentityAsync(CloudClient cloud, CustomerLinkRecord link, StripeCustomerInfo customer, CancellationToken ct)
    {
        if (await cloud.GetIdentityAsync(link.IdentityId, ct) is not { } identity)
        {
            logger.LogWarning("The identity {IdentityId} of Stripe customer {CustomerId} no longer exists in Blnk; its details are not updated", link.IdentityId, link.CustomerId);
            return;
        }
        var meta = identity["meta_data"]?.DeepClone() as JsonObject ?? [];
        var ours = meta[SyncMetadata.Key] as JsonObject ?? [];
        ours[SyncMetadata.StripeCustomerId] = customer.Id;
        CustomerMetadata.Apply(ours, customer, time.GetUtcNow());
        ours[CustomerMetadata.UpdatedAt] = CustomerMetadata.Stamp(time.GetUtcNow());
        meta[SyncMetadata.Key] = ours;

        if (link.LinkedBy != CustomerLinkOutcome.Created || customer.Deleted)
        {
            await cloud.MergeMetadataAsync(link.IdentityId, new JsonObject { [SyncMetadata.Key] = ours.DeepClone() }, ct);
            return;
        }
        // Core's PUT replaces the whole identity: send it back as read, with the customer's new details.
        var body = new JsonObject();
        foreach (var (field, value) in identity)
            if (field is not ("identity_id" or "created_at" or "meta_data"))
                body[field] = value?.DeepClone();
        var (first, last) = CustomerIdentities.Names(customer);
        body["identity_type"] = (string?)identity["identity_type"] is { Length: > 0 } type ? type : "individual";
        body["first_name"] = first;
        body["last_name"] = last;
        body["email_address"] = customer.Email?.Trim() ?? "";
        body["phone_number"] = customer.Phone?.Trim() ?? "";
        body["meta_data"] = meta;
        await cloud.ReplaceIdentityAsync(link.IdentityId, body, ct);
    }
}
