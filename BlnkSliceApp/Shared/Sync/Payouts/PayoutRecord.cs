using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Payouts;

/// <summary>How far the app knows what a payout holds.</summary>
public enum PayoutItemsState
{
    /// <summary>Stripe has not finished working out which transactions the payout holds (reconciliation_status in_progress).</summary>
    Waiting,
    /// <summary>Being read from <c>?payout=</c>; <see cref="PayoutRecord.ItemsCursor"/> says where to go on.</summary>
    Listing,
    /// <summary>Every transaction of the payout is recorded locally.</summary>
    Listed,
    /// <summary>A manual payout: Stripe cannot tell what it holds.</summary>
    NotApplicable,
}

/// <summary>
/// A Stripe payout as the app last saw it, and how far its reconciliation has come: its
/// transactions recorded, their sum against the amount, the ledger postings tagged with the
/// payout id, the alert of a failed or canceled payout raised.
/// </summary>
public sealed class PayoutRecord
{
    public const string Collection = "sync_payouts";

    /// <summary>"{installedAppId}|{payout id}".</summary>
    [BsonId] public string Id { get; set; } = "";
    public string InstalledAppId { get; set; } = "";
    public string PayoutId { get; set; } = "";

    // What Stripe says, refreshed while the payout can still change.
    /// <summary>Upper case, as the ledger has it.</summary>
    public string Currency { get; set; } = "";
    public long Amount { get; set; }
    public long Precision { get; set; } = 100;
    public long Created { get; set; }
    public long ArrivalDate { get; set; }
    public bool Automatic { get; set; } = true;
    /// <summary>pending, in_transit, paid, failed, canceled; empty until Stripe was asked.</summary>
    public string Status { get; set; } = "";
    public string ReconciliationStatus { get; set; } = "";
    public string? TraceIdStatus { get; set; }
    public string? TraceId { get; set; }
    public string? FailureCode { get; set; }
    public string? FailureMessage { get; set; }
    public string? BalanceTransactionId { get; set; }
    public string? FailureBalanceTransactionId { get; set; }

    /// <summary>The run that last read the payout from Stripe, and when (Unix ms).</summary>
    public string? SeenByRun { get; set; }
    public long SeenAt { get; set; }

    // What the app made of it.
    public PayoutItemsState Items { get; set; }
    /// <summary>The last transaction recorded from <c>?payout=</c> (Stripe's starting_after), while listing.</summary>
    public string? ItemsCursor { get; set; }
    /// <summary>The transactions the payout paid out, its own not counted, and their net sum.</summary>
    public int ItemCount { get; set; }
    public long ItemsNet { get; set; }

    public int Postings { get; set; }
    public int PostingsTagged { get; set; }
    public int PostingsRefused { get; set; }
    /// <summary>Postings not settled in the ledger yet, or transactions not recorded yet: the tagging waits for them.</summary>
    public int Waiting { get; set; }
    /// <summary>Transactions older than the first sync's window: folded into the opening balance, nothing to tag.</summary>
    public int ItemsBeforeMirror { get; set; }
    /// <summary>Every posting of every transaction of the payout carries the payout id.</summary>
    public bool TaggingDone { get; set; }

    public bool AlertRaised { get; set; }

    /// <summary>"{installedAppId}|{created:D12}|{payout id}": the portal lists an install's payouts newest first by it.</summary>
    public string ListKey { get; set; } = "";

    /// <summary>Same form as <see cref="ListKey"/> while the payout needs Stripe or the app to do something; null otherwise.</summary>
    public string? AttentionKey { get; set; }

    public long UpdatedAt { get; set; }

    public static string IdFor(string installedAppId, string payoutId) => $"{installedAppId}|{payoutId}";

    public static string Prefix(string installedAppId) => installedAppId + "|";

    public bool IsFinal => Status is "failed" or "canceled";

    public bool IsOnItsWay => Status is "pending" or "in_transit" or "";

    /// <summary>The transactions are known and add up to the amount.</summary>
    public bool Reconciled => Items == PayoutItemsState.Listed && ItemsNet == Amount;

    /// <summary>The amount less what its transactions add up to; null until they are known.</summary>
    public long? Difference => Items == PayoutItemsState.Listed ? Amount - ItemsNet : null;

    public string Key() => $"{Prefix(InstalledAppId)}{Created:D12}|{PayoutId}";
}
