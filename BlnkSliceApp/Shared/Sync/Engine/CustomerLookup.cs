using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Shared.Sync.Engine;

/// <summary>A Stripe customer's details: from the local cache, else from Stripe (and then cached).</summary>
public sealed class CustomerLookup(StripeGateway stripe, StripeObjectCache cache)
{
    public async Task<StripeCustomerInfo> FindAsync(SyncContext context, string customerId, CancellationToken ct)
    {
        // The listing of this run usually met the customer already (read-only here: parallel callers).
        if (context.StripeCustomers.TryGetValue(customerId, out var seen))
            return seen;
        if (cache.Customer(context.InstalledAppId, customerId) is { } cached)
            return cached;
        var fetched = await stripe.GetCustomerAsync(context.Stripe, customerId, ct);
        cache.Remember(context.InstalledAppId, [fetched]);
        return fetched;
    }
}
