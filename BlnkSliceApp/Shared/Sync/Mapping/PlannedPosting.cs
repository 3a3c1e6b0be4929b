using System.Text.Json.Nodes;

namespace BlnkSliceApp.Shared.Sync.Mapping;

/// <summary>
/// One Blnk transaction to post: always a positive amount in minor units; the direction
/// (source to destination) carries the sign Stripe gave. <see cref="Part"/> says which part of
/// its balance transaction it is: "" for the amount, else the fee suffix of its reference
/// ("fee", "fee:tax", ...).
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
    public string Part { get; init; } = "";

    /// <summary>The Stripe balance this posting mirrors (payments, issuing, ...).</summary>
    public string BalanceType => StripeBalanceTypes.BalanceTypeOf(StripeBalanceTypes.MirrorIn(Source, Destination));

    /// <summary>How this posting moves minus its mirror's balance: the mirror as source raises it, as destination lowers it.</summary>
    public long StripeEffect => EffectOnStripe(Source, Destination, PreciseAmount);

    public static long EffectOnStripe(LedgerRole source, LedgerRole destination, long preciseAmount) =>
        StripeBalanceTypes.IsMirror(source) ? preciseAmount : StripeBalanceTypes.IsMirror(destination) ? -preciseAmount : 0;
}
