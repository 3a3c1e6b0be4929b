using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Payouts;

/// <summary>Where one ledger posting of a payout's transaction stands with the payout id.</summary>
public enum PostingTag
{
    /// <summary>Not settled in the ledger yet (or in flight): tagged once it is.</summary>
    Waiting,
    /// <summary>The payout id went into the posting's meta_data before it was sent; confirmed once it is posted.</summary>
    AtCreation,
    /// <summary>Posted without it: a metadata update adds it (after a look-up, so never twice).</summary>
    NeedsUpdate,
    Tagged,
    /// <summary>Blnk refused the posting; if it is posted later (a retry), it is tagged then.</summary>
    Refused,
}

public enum PayoutItemState
{
    /// <summary>No local record of its postings yet: waits for a later run.</summary>
    Unresolved,
    Resolved,
    /// <summary>Older than the first sync's window: part of the opening balance, no posting of its own.</summary>
    BeforeMirror,
    /// <summary>Neither amount nor fee: nothing was posted.</summary>
    NoPostings,
}

/// <summary>One ledger posting of a payout's transaction (its reference, as the sync posted it).</summary>
public sealed class PayoutPosting
{
    public string Reference { get; set; } = "";
    public PostingTag Tag { get; set; }
    public string? TransactionId { get; set; }
}

/// <summary>
/// One balance transaction a payout paid out (or the payout's own), as Stripe listed it for
/// <c>?payout=</c>, and its ledger postings. Ids sort by payout, then Stripe's created time, so
/// a payout's items are one ordered range of the primary key.
/// </summary>
public sealed class PayoutItemRecord
{
    public const string Collection = "sync_payout_items";

    /// <summary>"{installedAppId}|{payout id}|{created:D12}|{balance transaction id}".</summary>
    [BsonId] public string Id { get; set; } = "";
    public string InstalledAppId { get; set; } = "";
    public string PayoutId { get; set; } = "";
    public string BalanceTransactionId { get; set; } = "";
    public string Type { get; set; } = "";
    public string Category { get; set; } = "";
    public string Currency { get; set; } = "";
    public long Amount { get; set; }
    public long Fee { get; set; }
    public long Net { get; set; }
    public long Precision { get; set; } = 100;
    public long Created { get; set; }
    public string? SourceId { get; set; }
    /// <summary>The payout's own transaction: listed with the others, tagged, not counted in the sum.</summary>
    public bool IsPayoutItself { get; set; }

    /// <summary>
    /// Every reference the sync can have posted this transaction under (its amount and each of its
    /// fees, from the transaction as listed): its postings are found by id, one look-up each.
    /// </summary>
    public List<string> References { get; set; } = [];

    public PayoutItemState State { get; set; }
    public List<PayoutPosting> Postings { get; set; } = [];
    /// <summary>Nothing left to do: every posting tagged, or none to tag.</summary>
    public bool Done { get; set; }

    public static string PrefixFor(string installedAppId, string payoutId) => $"{installedAppId}|{payoutId}|";

    public static string IdFor(string installedAppId, string payoutId, long created, string balanceTransactionId) =>
        $"{PrefixFor(installedAppId, payoutId)}{created:D12}|{balanceTransactionId}";
}

/// <summary>Per install: where the ledger's history starts, so transactions before it are known to have no posting of their own.</summary>
public sealed class PayoutSyncState
{
    public const string Collection = "sync_payout_state";

    [BsonId] public string InstalledAppId { get; set; } = "";

    /// <summary>The first sync window's start (Unix seconds); older transactions are in the opening balance.</summary>
    public long MirrorFrom { get; set; }
}
