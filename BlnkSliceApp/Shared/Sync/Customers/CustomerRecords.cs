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
    /// A salted SHA-256 of the customer's email, name, phone and deletion as Stripe showed them
    /// when the identity was last written (linked or refreshed): a run that sees the same facts
    /// again writes nothing. A digest, not the facts: the link keeps no email or name (an
    /// uninstall's erasure must leave none in the file). Null on links made before it was kept.
    /// </summary>
    public string? SeenDigest { get; set; }
    public byte[]? SeenSalt { get; set; }

    public bool SeenKnown => SeenDigest is not null;

    /// <summary>Whether Stripe's customer is what was last written to the identity (null: not known).</summary>
    public bool? SameAsSeen(StripeCustomerInfo customer) => SeenDigest is null ? null : SeenDigest == Digest(customer);

    public void MarkSeen(StripeCustomerInfo customer)
    {
        SeenSalt ??= System.Security.Cryptography.RandomNumberGenerator.GetBytes(16);
        SeenDigest = Digest(customer);
        DeletionNoted |= customer.Deleted;
    }

    string Digest(StripeCustomerInfo customer)
    {
        var facts = System.Text.Encoding.UTF8.GetBytes(string.Join('\u001f', customer.Email ?? "\u0000", customer.Name ?? "\u0000", customer.Phone ?? "\u0000", customer.Deleted ? "1" : "0"));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData([.. SeenSalt ?? [], .. facts]));
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
