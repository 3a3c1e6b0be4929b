using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Customers;

/// <summary>The install's "Stripe Sync" ledger in its Cloud instance, remembered so runs need no look-up.</summary>
public sealed class SyncLedgerRecord
{
    public const string Collection = "sync_ledgers";

    [BsonId] public string InstalledAppId { get; set; } = "";
    public string InstanceId { get; set; } = "";
    public string LedgerId { get; set; } = "";
    public long CreatedAt { get; set; }
}
