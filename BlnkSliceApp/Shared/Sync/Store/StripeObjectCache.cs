using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Store;

/// <summary>
/// What the sync learnt about Stripe customers and charges, so refunds and disputes find
/// their customer, and descriptions their email, without asking Stripe again.
/// </summary>
public sealed class StripeObjectCache(AppDatabase database) : IInstallErasable
{
    // Parallel look-ups take turns: concurrent LiteDB readers grow its page cache for good (LiteDB#2020).
    readonly Lock _gate = new();

    ILiteCollection<CachedCustomer> Customers => database.Collection<CachedCustomer>("sync_customers");
    ILiteCollection<CachedCharge> Charges => database.Collection<CachedCharge>("sync_charges");

    public StripeCustomerInfo? Customer(string installedAppId, string customerId)
    {
        CachedCustomer? cached;
        lock (_gate) cached = Customers.FindById(Key(installedAppId, customerId));
        return cached is null ? null : new StripeCustomerInfo(cached.CustomerId, cached.Email, cached.Name, cached.Phone, cached.Deleted);
    }

    public void Remember(string installedAppId, IEnumerable<StripeCustomerInfo> customers)
    {
        // The transaction first, then the gate, as StoreCharges inside other transactions does (one lock order).
        database.InTransaction(() =>
        {
            lock (_gate)
            {
                foreach (var customer in customers)
                    Customers.Upsert(new CachedCustomer
                    {
                        Id = Key(installedAppId, customer.Id),
                        CustomerId = customer.Id,
                        Email = customer.Email,
                        Name = customer.Name,
                        Phone = customer.Phone,
                        Deleted = customer.Deleted,
                    });
            }
            return 0;
        });
    }

    /// <summary>The charge's customer: found (maybe null: a charge without customer), or not known yet.</summary>
    public bool TryChargeCustomer(string installedAppId, string chargeId, out string? customerId)
    {
        CachedCharge? cached;
        lock (_gate) cached = Charges.FindById(Key(installedAppId, chargeId));
        customerId = cached?.CustomerId;
        return cached is not null;
    }

    public void RememberCharges(string installedAppId, IEnumerable<(string ChargeId, string? CustomerId)> charges) =>
        database.InTransaction(() =>
        {
            StoreCharges(installedAppId, charges);
            return 0;
        });

    /// <summary>As <see cref="RememberCharges"/>, inside the caller's transaction.</summary>
    public void StoreCharges(string installedAppId, IEnumerable<(string ChargeId, string? CustomerId)> charges)
    {
        lock (_gate)
            foreach (var (chargeId, customerId) in charges)
                Charges.Upsert(new CachedCharge { Id = Key(installedAppId, chargeId), CustomerId = customerId });
    }

    /// <summary>Customers' names, emails and phones, and which customer each charge had: all re-read from Stripe after a re-install.</summary>
    public int EraseInstallData(string installedAppId)
    {
        var prefix = Key(installedAppId, "");
        // The transaction first, then the gate: the one lock order (see Remember).
        return database.InTransaction(() =>
        {
            lock (_gate)
                return Customers.DeleteMany(KeyRange.StartingWith("_id", prefix)) + Charges.DeleteMany(KeyRange.StartingWith("_id", prefix));
        });
    }

    static string Key(string installedAppId, string objectId) => $"{installedAppId}|{objectId}";

    sealed class CachedCustomer
    {
        public string Id { get; set; } = "";
        public string CustomerId { get; set; } = "";
        public string? Email { get; set; }
        public string? Name { get; set; }
        public string? Phone { get; set; }
        public bool Deleted { get; set; }
    }

    sealed class CachedCharge
    {
        public string Id { get; set; } = "";
        public string? CustomerId { get; set; }
    }
}
