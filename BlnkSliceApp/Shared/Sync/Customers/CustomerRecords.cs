using BlnkSliceApp.Shared.Storage;
using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Customers;

public enum CustomerLinkOutcome { Existing, LinkedByMetadata, LinkedByEmail, Created }

/// <summary>The customer's balance in one currency, and how its identity was found this time.</summary>
public sealed record CustomerBalance(string BalanceId, CustomerLinkOutcome Outcome);

/// <summary>What a search of many customers' metadata found: only the customers it covered can be answered from it.</summary>
public sealed class MetadataMatches(IReadOnlySet<string> covered, IReadOnlyDictionary<string, List<System.Text.Json.Nodes.JsonObject>> found)
{
    public bool Covers(string customerId) => covered.Contains(customerId);

    public IReadOnlyList<System.Text.Json.Nodes.JsonObject> For(string customerId) => found.TryGetValue(customerId, out var rows) ? rows : [];
}

/// <summary>The customer's balance id per currency (upper case), and how its identity was found this time.</summary>
public sealed record CustomerBalances(IReadOnlyDictionary<string, string> BalanceIds, CustomerLinkOutcome Outcome);

/// <summary>Which Blnk identity a Stripe customer is, once found or created.</summary>
public sealed class CustomerLinkRecord
{
    public const string Collection = "sync_customer_links";

    /// <summary>"{installedAppId}:{customerId}".</summary>
    [BsonId] public string Id { get; set; } = "";
    public string InstalledAppId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string IdentityId { get; set; } = "";
    public CustomerLinkOutcome LinkedBy { get; set; }
    /// <summary>The identity's metadata says the Stripe customer was deleted.</summary>
    public bool DeletionNoted { get; set; }
    public long LinkedAt { get; set; }

    /// <summary>
    /// The customer as Stripe showed it when the identity was last written (linked or refreshed):
    /// a run that sees the same facts again writes nothing. False on links made before these
    /// were kept (the local cache then stands in for them once).
    /// </summary>
    public bool SeenKnown { get; set; }
    public string? SeenEmail { get; set; }
    public string? SeenName { get; set; }
    public string? SeenPhone { get; set; }
    public bool SeenDeleted { get; set; }

    public StripeCustomerInfo? Seen => SeenKnown ? new StripeCustomerInfo(CustomerId, SeenEmail, SeenName, SeenPhone, SeenDeleted) : null;

    public void MarkSeen(StripeCustomerInfo customer)
    {
        SeenKnown = true;
        SeenEmail = customer.Email;
        SeenName = customer.Name;
        SeenPhone = customer.Phone;
        SeenDeleted = customer.Deleted;
        DeletionNoted |= customer.Deleted;
    }

    public static string IdFor(string installedAppId, string customerId) => $"{installedAppId}:{customerId}";
}

/// <summary>A customer's balance in one currency in the install's sync ledger.</summary>
public sealed class CustomerBalanceRecord
{
    public const string Collection = "sync_customer_balances";

    /// <summary>"{installedAppId}:{customerId}:{CURRENCY}".</summary>
    [BsonId] public string Id { get; set; } = "";
    public string InstalledAppId { get; set; } = "";
    public string CustomerId { get; set; } = "";
    public string Currency { get; set; } = "";
    /// <summary>Null while the balance is being created: a record without id says a create may have reached Cloud.</summary>
    public string? BalanceId { get; set; }
    public string LedgerId { get; set; } = "";
    public string IdentityId { get; set; } = "";
    public long CreatedAt { get; set; }

    public static string IdFor(string installedAppId, string customerId, string currency) =>
        $"{installedAppId}:{customerId}:{currency.ToUpperInvariant()}";
}

/// <summary>Per-install look-ups (listing, clean-up) on the customer collections.</summary>
internal sealed class CustomerStorageIndexes : IStorageIndexes
{
    public void Ensure(LiteDatabase db)
    {
        db.GetCollection<CustomerLinkRecord>(CustomerLinkRecord.Collection).EnsureIndex(r => r.InstalledAppId);
        db.GetCollection<CustomerBalanceRecord>(CustomerBalanceRecord.Collection).EnsureIndex(r => r.InstalledAppId);
        db.GetCollection<SyncLedgerRecord>(SyncLedgerRecord.Collection).EnsureIndex(r => r.InstanceId);
    }
}
