using BlnkSliceApp.Features.SyncSettings.Save;
using BlnkSliceApp.Shared.Sync;

namespace BlnkSliceApp.Features.SyncSettings;

/// <summary>One general-ledger balance the sync posts to, as the settings form shows it.</summary>
public sealed record IndicatorField(
    string Name,
    string Label,
    string Help,
    Func<Request, string?> Submitted,
    Func<SyncPreferences, string> Get,
    Action<SyncPreferences, string> Set);

public static class IndicatorFields
{
    public static readonly IReadOnlyList<IndicatorField> All =
    [
        new("stripe_indicator", "Stripe balance",
            "Mirrors your Stripe balance; the reconciliation compares Stripe against it.",
            r => r.StripeIndicator, p => p.StripeIndicator, (p, v) => p.StripeIndicator = v),
        new("fees_indicator", "Stripe fees",
            "Processing and other fees Stripe charged.",
            r => r.FeesIndicator, p => p.FeesIndicator, (p, v) => p.FeesIndicator = v),
        new("payouts_indicator", "Payouts",
            "Money Stripe paid out to your bank account.",
            r => r.PayoutsIndicator, p => p.PayoutsIndicator, (p, v) => p.PayoutsIndicator = v),
        new("other_indicator", "Other activity",
            "Adjustments, disputes and Stripe activity of other kinds.",
            r => r.OtherIndicator, p => p.OtherIndicator, (p, v) => p.OtherIndicator = v),
        new("opening_indicator", "Opening balance",
            "What your Stripe balance held before the first synced day.",
            r => r.OpeningIndicator, p => p.OpeningIndicator, (p, v) => p.OpeningIndicator = v),
        new("unattributed_indicator", "Payments without a customer",
            "Pay-ins and refunds Stripe has no customer for.",
            r => r.UnattributedIndicator, p => p.UnattributedIndicator, (p, v) => p.UnattributedIndicator = v),
    ];
}
