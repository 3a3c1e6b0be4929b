using LiteDB;

namespace BlnkSliceApp.Shared.Sync.Disputes;

/// <summary>A Stripe dispute as the app last saw it: what decides whether its alert needs a word.</summary>
public sealed class WatchedDispute
{
    public const string Collection = "sync_disputes";

    /// <summary>"{installedAppId}|{disputeId}".</summary>
    [BsonId] public string Id { get; set; } = "";
    public string InstalledAppId { get; set; } = "";
    public string DisputeId { get; set; } = "";
    public string? ChargeId { get; set; }
    public string Status { get; set; } = "";
    public long Amount { get; set; }
    public string Currency { get; set; } = "";
    public string Reason { get; set; } = "";
    /// <summary>evidence_details.due_by, Unix seconds.</summary>
    public long? EvidenceDueBy { get; set; }
    /// <summary>When Stripe opened it, Unix seconds: open disputes keep the next listing's window open back to them.</summary>
    public long Created { get; set; }
    /// <summary>The withdrawal (category dispute), when Stripe has booked one.</summary>
    public string? WithdrawalTransactionId { get; set; }
    public long UpdatedAt { get; set; }

    public bool IsFinal => DisputeFacts.IsFinal(Status);

    public static string IdFor(string installedAppId, string disputeId) => $"{installedAppId}|{disputeId}";
}

/// <summary>Per install: up to when disputes were last listed.</summary>
public sealed class DisputeWatchState
{
    public const string Collection = "sync_dispute_watch";

    [BsonId] public string InstalledAppId { get; set; } = "";
    /// <summary>Unix seconds the last complete listing started at.</summary>
    public long ListedAt { get; set; }
}
