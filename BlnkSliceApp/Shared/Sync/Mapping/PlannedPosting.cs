using System.Text.Json.Nodes;

namespace BlnkSliceApp.Shared.Sync.Mapping;

/// <summary>
/// One Blnk transaction to post: always a positive amount in minor units; the direction
/// (source to destination) carries the sign Stripe gave.
/// </summary>
public sealed record PlannedPosting(
    string Reference,
    string Currency,
    long PreciseAmount,
    long Precision,
    LedgerRole Source,
    LedgerRole Destination,
    string Description,
    JsonObject MetaData)
{
    /// <summary>How this posting moves -balance(@stripe): Stripe as source raises it, as destination lowers it.</summary>
    public long StripeEffect => EffectOnStripe(Source, Destination, PreciseAmount);

    public static long EffectOnStripe(LedgerRole source, LedgerRole destination, long preciseAmount) =>
        source == LedgerRole.Stripe ? preciseAmount : destination == LedgerRole.Stripe ? -preciseAmount : 0;
}
