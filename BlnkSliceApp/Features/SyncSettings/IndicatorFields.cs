using BlnkSliceApp.Features.SyncSettings.Save;
using BlnkSliceApp.Shared.Sync;

namespace BlnkSliceApp.Features.SyncSettings;

/// <summary>
/// One general-ledger balance the sync posts to, as the settings form shows it. A field of the
/// <see cref="IndicatorGroup.More"/> group may be left out of a posted form (one from before it
/// existed): the saved name is kept.
/// </summary>
public sealed record IndicatorField(
    string Name,
    string Label,
    string Help,
    Func<Request, string?> Submitted,
    Action<Request, string> Submit,
    Func<SyncPreferences, string> Get,
    Action<SyncPreferences, string> Set,
    IndicatorGroup Group = IndicatorGroup.Main);

public enum IndicatorGroup { Main, More }

public static class IndicatorFieldsExtensions
{
    /// <summary>The form's indicators, with those it left out taken from the saved preferences (see <see cref="IndicatorGroup.More"/>).</summary>
    public static void FillAbsent(this Request request, SyncPreferences saved)
    {
        foreach (var field in IndicatorFields.All)
            if (field.Submitted(request) is null)
                field.Submit(request, field.Get(saved));
    }
}

public static class IndicatorFields
{
    public static readonly IReadOnlyList<IndicatorField> All =
    [
        new("stripe_indicator", "Stripe balance",
            "Mirrors your Stripe balance; the reconciliation compares Stripe against it.",
            r => r.StripeIndicator, (r, v) => r.StripeIndicator = v, p => p.StripeIndicator, (p, v) => p.StripeIndicator = v),
        new("fees_indicator", "Stripe fees",
            "Processing and other fees Stripe charged.",
            r => r.FeesIndicator, (r, v) => r.FeesIndicator = v, p => p.FeesIndicator, (p, v) => p.FeesIndicator = v),
        new("payouts_indicator", "Payouts",
            "Money Stripe paid out to your bank account.",
            r => r.PayoutsIndicator, (r, v) => r.PayoutsIndicator = v, p => p.PayoutsIndicator, (p, v) => p.PayoutsIndicator = v),
        new("other_indicator", "Other activity",
            "Adjustments, disputes and Stripe activity of other kinds.",
            r => r.OtherIndicator, (r, v) => r.OtherIndicator = v, p => p.OtherIndicator, (p, v) => p.OtherIndicator = v),
        new("opening_indicator", "Opening balance",
            "What your Stripe balance held before the first synced day.",
            r => r.OpeningIndicator, (r, v) => r.OpeningIndicator = v, p => p.OpeningIndicator, (p, v) => p.OpeningIndicator = v),
        new("unattributed_indicator", "Payments without a customer",
            "Pay-ins and refunds Stripe has no customer for.",
            r => r.UnattributedIndicator, (r, v) => r.UnattributedIndicator = v, p => p.UnattributedIndicator, (p, v) => p.UnattributedIndicator = v),
        new("connect_indicator", "Connect",
            "Transfers to connected accounts, their reversals, application fees the platform earned, Connect reserves.",
            r => r.ConnectIndicator, (r, v) => r.ConnectIndicator = v, p => p.ConnectIndicator, (p, v) => p.ConnectIndicator = v, IndicatorGroup.More),
        new("issuing_indicator", "Issuing card spending",
            "Authorization holds and releases, card transactions and disputes of the cards you issue.",
            r => r.IssuingIndicator, (r, v) => r.IssuingIndicator = v, p => p.IssuingIndicator, (p, v) => p.IssuingIndicator = v, IndicatorGroup.More),
        new("topups_indicator", "Top-ups",
            "Money you added to Stripe from your bank, and top-ups reversed.",
            r => r.TopupsIndicator, (r, v) => r.TopupsIndicator = v, p => p.TopupsIndicator, (p, v) => p.TopupsIndicator = v, IndicatorGroup.More),
        new("tax_indicator", "Tax",
            "Tax Stripe added to its fees or withheld, and Stripe Tax movements.",
            r => r.TaxIndicator, (r, v) => r.TaxIndicator = v, p => p.TaxIndicator, (p, v) => p.TaxIndicator = v, IndicatorGroup.More),
        new("application_fees_indicator", "Application fees paid",
            "Application fees a platform took from your payments.",
            r => r.ApplicationFeesIndicator, (r, v) => r.ApplicationFeesIndicator = v, p => p.ApplicationFeesIndicator, (p, v) => p.ApplicationFeesIndicator = v, IndicatorGroup.More),
        new("reserves_indicator", "Risk reserves",
            "Funds Stripe holds back as a reserve, and their release.",
            r => r.ReservesIndicator, (r, v) => r.ReservesIndicator = v, p => p.ReservesIndicator, (p, v) => p.ReservesIndicator = v, IndicatorGroup.More),
        new("stripe_issuing_indicator", "Stripe Issuing balance",
            "Mirrors your Stripe Issuing balance; reconciled against it like the Stripe balance.",
            r => r.StripeIssuingIndicator, (r, v) => r.StripeIssuingIndicator = v, p => p.StripeIssuingIndicator, (p, v) => p.StripeIssuingIndicator = v, IndicatorGroup.More),
        new("stripe_prefunding_indicator", "Stripe refund and dispute prefunding balance",
            "Mirrors the balance you prefund for refunds and disputes; reconciled against it.",
            r => r.StripePrefundingIndicator, (r, v) => r.StripePrefundingIndicator = v, p => p.StripePrefundingIndicator, (p, v) => p.StripePrefundingIndicator = v, IndicatorGroup.More),
        new("stripe_risk_reserved_indicator", "Stripe risk reserve balance",
            "Mirrors what Stripe moves in and out of its risk reserve balance (Stripe does not report that balance, so it is not reconciled).",
            r => r.StripeRiskReservedIndicator, (r, v) => r.StripeRiskReservedIndicator = v, p => p.StripeRiskReservedIndicator, (p, v) => p.StripeRiskReservedIndicator = v, IndicatorGroup.More),
    ];
}
