using BlnkSliceApp.Shared.Sync.Mapping;
using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Store;

/// <summary>
/// Where one planned posting stands. Planned: recorded, not sent. Sending: handed to Cloud,
/// outcome not yet known (after a crash it is looked up by reference before any resend).
/// The rest are final.
/// </summary>
public enum SyncItemState { Planned, Sending, Posted, AlreadyPresent, Rejected }

/// <summary>
/// One ledger posting the sync owes Blnk, recorded before it is sent so that a crash at any
/// instant neither loses nor repeats it. Its id is the install plus the Blnk reference,
/// which Core also keeps unique.
/// </summary>
public sealed class SyncItemRecord
{
    public const string Collection = "sync_items";

    [BsonId] public string Id { get; set; } = "";
    public string InstalledAppId { get; set; } = "";
    public string Reference { get; set; } = "";
    public string BalanceTransactionId { get; set; } = "";

    /// <summary>Stripe's created time (Unix seconds) and the row's place within its balance transaction: the posting order.</summary>
    public long Created { get; set; }
    public int Sequence { get; set; }

    /// <summary>
    /// Which part of its balance transaction: null the amount (and every item recorded before
    /// parts existed; LiteDB also reads "" back as null), "fee" Stripe's fee, "fee:tax" and so on
    /// (see <see cref="Mapping.PlannedPosting.Part"/>).
    /// </summary>
    public string? Part { get; set; }

    public string Category { get; set; } = "";
    public bool Unmapped { get; set; }
    public string Currency { get; set; } = "";
    public long PreciseAmount { get; set; }
    public long Precision { get; set; }
    public LedgerRole Source { get; set; }
    public LedgerRole Destination { get; set; }
    public string? CustomerId { get; set; }

    /// <summary>
    /// The Stripe objects behind the balance transaction (its source, the charge, the PaymentIntent),
    /// kept for the portal's search. Null on items recorded before they were kept, until the
    /// one-time backfill reads them from <see cref="MetaDataJson"/>.
    /// </summary>
    public string? SourceId { get; set; }
    public string? ChargeId { get; set; }
    public string? PaymentIntentId { get; set; }

    /// <summary>
    /// The distinct Stripe ids a search finds this balance transaction by, on its first item only
    /// (the others share its <see cref="BalanceTransactionId"/>): one multi-key index serves every
    /// kind of id, at a few keys per balance transaction. Null elsewhere.
    /// </summary>
    public List<string>? SearchIds { get; set; }

    /// <summary>
    /// "{install}|{charge id}" while a refund or dispute waits for its charge's customer: the
    /// charge is usually older, so it is read on a later page of the same listing; only what
    /// is still unknown once the listing ends is asked of Stripe. Null otherwise.
    /// </summary>
    public string? AwaitingCharge { get; set; }
    public string Description { get; set; } = "";
    public string MetaDataJson { get; set; } = "{}";

    public SyncItemState State { get; set; }

    /// <summary>
    /// Set while the item still has to be posted (Planned or Sending), null once settled. Sorts
    /// by install, Sending before Planned, then Stripe order: the posting loop reads the index
    /// in order instead of loading every pending item.
    /// </summary>
    public string? PendingKey { get; set; }

    /// <summary>
    /// Set on a posting of an unmapped category that went to "other" and was later moved by a
    /// category rule: the balance its re-classification posting (reference + ":reclass") moved it to.
    /// </summary>
    public LedgerRole? ReclassifiedTo { get; set; }

    public string? TransactionId { get; set; }
    public string? RejectionReason { get; set; }
    public string RecordedByRun { get; set; } = "";
    public string? SettledByRun { get; set; }
    public long UpdatedAt { get; set; }

    public static string PendingPrefix(string installedAppId) => installedAppId + "|";

    /// <summary>Keeps the Stripe ids of the balance transaction behind this item (see <see cref="SearchIds"/>).</summary>
    public void KeepStripeIds(string? sourceId, string? chargeId, string? paymentIntentId)
    {
        SourceId = sourceId;
        ChargeId = chargeId;
        PaymentIntentId = paymentIntentId;
        SearchIds = Sequence != 0 ? null
            : new[] { sourceId, chargeId, paymentIntentId }.OfType<string>().Where(id => id.Length > 0).Distinct(StringComparer.Ordinal).ToList() is { Count: > 0 } ids ? ids : null;
    }

    public static string IdFor(string installedAppId, string reference) => $"{installedAppId}|{reference}";

    public void MoveTo(SyncItemState state, long now)
    {
        State = state;
        PendingKey = state switch
        {
            SyncItemState.Sending => $"{PendingPrefix(InstalledAppId)}0|{Created:D12}|{BalanceTransactionId}|{Sequence}",
            SyncItemState.Planned => $"{PendingPrefix(InstalledAppId)}1|{Created:D12}|{BalanceTransactionId}|{Sequence}",
            _ => null,
        };
        UpdatedAt = now;
    }
}
