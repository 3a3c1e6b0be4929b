namespace BlnkSliceApp.Shared.Sync.Mapping;

/// <summary>Which earlier posting a movement adjusts: it is named in the posting's metadata as its parent.</summary>
public enum ParentLink
{
    None,
    /// <summary>The pay-in of the charge behind the source (the charge's own balance transaction).</summary>
    Charge,
    /// <summary>The refund's own posting (a refund that failed gives its money back).</summary>
    Refund,
    /// <summary>The dispute's withdrawal (a won dispute returns it); the charge when the withdrawal is not listed.</summary>
    DisputeWithdrawal,
}

/// <summary>
/// What one reporting category becomes. <paramref name="Counterparty"/> is the leg opposite
/// Stripe's balance; <see cref="LedgerRole.Customer"/> means the customer's balance, or
/// @stripe_unattributed when no customer is behind the movement.
/// </summary>
/// <param name="Movement">The kind of movement, in words, for ledger descriptions (never a person's details).</param>
/// <param name="NeedsReview">Posted, and also raised as one alert per category: someone should look at it.</param>
/// <param name="QuotesStripe">Stripe's own description of the movement is worth quoting (it names the Stripe product, not a person).</param>
public sealed record CategoryRule(
    string Category,
    LedgerRole Counterparty,
    string Movement,
    ParentLink Parent = ParentLink.None,
    bool NeedsReview = false,
    bool QuotesStripe = false);

/// <summary>Where one kind of fee in <c>fee_details</c> goes, and the reference suffix of its posting.</summary>
public sealed record FeeRule(string FeeType, LedgerRole Counterparty, string Suffix, string Words);

/// <summary>
/// The whole mapping, as tables: every reporting category and balance transaction type Stripe
/// documents (https://stripe.com/docs/reports/reporting-categories and the BalanceTransaction
/// <c>type</c> list), and every fee type of <c>fee_details</c>. README's mapping table is this
/// table in words; a test checks that each category here has its line there.
/// </summary>
public static class MappingRules
{
    public const string UnknownCategory = "unknown";

    public static readonly IReadOnlyList<CategoryRule> Categories =
    [
        // Money from and back to customers: the customer's balance, with a parent where one movement adjusts another.
        new("charge", LedgerRole.Customer, "pay-in"),
        new("refund", LedgerRole.Customer, "refund", ParentLink.Charge),
        new("partial_capture_reversal", LedgerRole.Customer, "uncaptured part released", ParentLink.Charge),
        new("refund_failure", LedgerRole.Customer, "failed refund returned", ParentLink.Refund),
        new("charge_failure", LedgerRole.Customer, "failed payment reversed", ParentLink.Charge),
        new("dispute", LedgerRole.Customer, "dispute withdrawal", ParentLink.Charge),
        new("dispute_reversal", LedgerRole.Customer, "dispute won, funds returned", ParentLink.DisputeWithdrawal),
        new("payment_unreconciled", LedgerRole.Customer, "unreconciled payment", ParentLink.Charge),
        new("unreconciled_customer_funds", LedgerRole.Customer, "unreconciled customer funds", ParentLink.Charge),

        // Payouts to the merchant's bank.
        new("payout", LedgerRole.Payouts, "payout"),
        new("payout_reversal", LedgerRole.Payouts, "payout returned to the balance"),

        // What Stripe charges.
        new("fee", LedgerRole.Fees, "fee", QuotesStripe: true),
        new("network_cost", LedgerRole.Fees, "network cost", QuotesStripe: true),
        new("tax", LedgerRole.Tax, "tax", QuotesStripe: true),

        // Money the merchant adds from its bank.
        new("topup", LedgerRole.Topups, "top-up"),
        new("topup_reversal", LedgerRole.Topups, "top-up reversed"),

        // Connect: transfers to connected accounts and the platform's application fees.
        new("transfer", LedgerRole.Connect, "transfer to a connected account"),
        new("transfer_reversal", LedgerRole.Connect, "transfer reversed"),
        new("connect_collection_transfer", LedgerRole.Connect, "Connect collection transfer"),
        new("platform_earning", LedgerRole.Connect, "platform earning (application fee)"),
        new("platform_earning_refund", LedgerRole.Connect, "platform earning refunded"),
        new("connect_reserved_funds", LedgerRole.Connect, "Connect reserve"),

        // Reserves Stripe holds against risk.
        new("risk_reserved_funds", LedgerRole.Reserves, "risk reserve"),

        // Issuing: spending on cards the account issued.
        new("issuing_authorization_hold", LedgerRole.Issuing, "Issuing authorization hold"),
        new("issuing_authorization_release", LedgerRole.Issuing, "Issuing authorization released"),
        new("issuing_transaction", LedgerRole.Issuing, "Issuing card transaction"),
        new("issuing_dispute", LedgerRole.Issuing, "Issuing dispute"),

        // Stripe Capital, Climate and the rest: their own kind of money, kept apart in "other".
        new("advance", LedgerRole.Other, "Capital advance", QuotesStripe: true),
        new("advance_funding", LedgerRole.Other, "Capital advance funding", QuotesStripe: true),
        new("anticipation_repayment", LedgerRole.Other, "anticipation repayment", QuotesStripe: true),
        new("financing_paydown", LedgerRole.Other, "Capital financing paydown", QuotesStripe: true),
        new("financing_paydown_reversal", LedgerRole.Other, "Capital financing paydown reversed", QuotesStripe: true),
        new("financing_payout", LedgerRole.Other, "Capital financing payout", QuotesStripe: true),
        new("financing_payout_reversal", LedgerRole.Other, "Capital financing payout reversed", QuotesStripe: true),
        new("climate_order_purchase", LedgerRole.Other, "Climate order", QuotesStripe: true),
        new("climate_order_refund", LedgerRole.Other, "Climate order refunded", QuotesStripe: true),
        new("contribution", LedgerRole.Other, "contribution", QuotesStripe: true),
        // A correction Stripe made by hand: posted, and someone should see why.
        new("other_adjustment", LedgerRole.Other, "adjustment", NeedsReview: true, QuotesStripe: true),
    ];

    static readonly Dictionary<string, CategoryRule> ByCategory = Categories.ToDictionary(rule => rule.Category, StringComparer.Ordinal);

    /// <summary>The rule of a category; null when Stripe sends one this table does not know (posted to other, alerted).</summary>
    public static CategoryRule? For(string category) => ByCategory.GetValueOrDefault(category);

    /// <summary>
    /// Every balance transaction type Stripe documents, and the reporting category it belongs
    /// to. Stripe recommends reporting_category; the type only decides when it is missing.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> CategoryOfType = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["charge"] = "charge",
        ["payment"] = "charge",
        ["refund"] = "refund",
        ["payment_refund"] = "refund",
        ["refund_failure"] = "refund_failure",
        ["payment_failure_refund"] = "charge_failure",
        ["payment_reversal"] = "charge_failure",
        ["payment_unreconciled"] = "payment_unreconciled",
        ["adjustment"] = "other_adjustment",
        ["payout"] = "payout",
        ["payout_cancel"] = "payout_reversal",
        ["payout_failure"] = "payout_reversal",
        ["payout_minimum_balance_hold"] = "risk_reserved_funds",
        ["payout_minimum_balance_release"] = "risk_reserved_funds",
        ["stripe_fee"] = "fee",
        ["stripe_fx_fee"] = "fee",
        ["tax_fee"] = "fee",
        ["fee_credit_funding"] = "fee",
        ["stripe_balance_payment_debit"] = "fee",
        ["stripe_balance_payment_debit_reversal"] = "fee",
        ["tax_fund"] = "tax",
        ["topup"] = "topup",
        ["topup_reversal"] = "topup_reversal",
        ["inbound_transfer"] = "topup",
        ["inbound_transfer_reversal"] = "topup_reversal",
        ["transfer"] = "transfer",
        ["transfer_cancel"] = "transfer_reversal",
        ["transfer_failure"] = "transfer_reversal",
        ["transfer_refund"] = "transfer_reversal",
        ["connect_collection_transfer"] = "connect_collection_transfer",
        ["application_fee"] = "platform_earning",
        ["application_fee_refund"] = "platform_earning_refund",
        ["reserve_transaction"] = "connect_reserved_funds",
        ["reserved_funds"] = "risk_reserved_funds",
        ["reserve_hold"] = "risk_reserved_funds",
        ["reserve_release"] = "risk_reserved_funds",
        ["payment_network_reserve_hold"] = "risk_reserved_funds",
        ["payment_network_reserve_release"] = "risk_reserved_funds",
        ["issuing_authorization_hold"] = "issuing_authorization_hold",
        ["issuing_authorization_release"] = "issuing_authorization_release",
        ["issuing_transaction"] = "issuing_transaction",
        ["issuing_dispute"] = "issuing_dispute",
        ["issuing_dispute_provisional_credit"] = "issuing_dispute",
        ["issuing_dispute_provisional_credit_reversal"] = "issuing_dispute",
        ["advance"] = "advance",
        ["advance_funding"] = "advance_funding",
        ["anticipation_repayment"] = "anticipation_repayment",
        ["climate_order_purchase"] = "climate_order_purchase",
        ["climate_order_refund"] = "climate_order_refund",
        ["contribution"] = "contribution",
        ["obligation_outbound"] = "other_adjustment",
        ["obligation_reversal_inbound"] = "other_adjustment",
    };

    /// <summary>
    /// The fee types of <c>fee_details</c>, each to its own balance with its own reference. The
    /// Stripe fee keeps the reference every earlier version used for the whole fee
    /// (<c>stripe:&lt;txn&gt;:fee</c>); the others add their type to it.
    /// </summary>
    public static readonly IReadOnlyList<FeeRule> Fees =
    [
        new("stripe_fee", LedgerRole.Fees, "fee", "Stripe fee"),
        new("payment_method_passthrough_fee", LedgerRole.Fees, "fee:payment_method_passthrough_fee", "payment method fee"),
        new("tax", LedgerRole.Tax, "fee:tax", "tax on Stripe fees"),
        new("withheld_tax", LedgerRole.Tax, "fee:withheld_tax", "tax withheld"),
        new("application_fee", LedgerRole.ApplicationFees, "fee:application_fee", "application fee"),
    ];

    public static FeeRule StripeFee => Fees[0];

    static readonly Dictionary<string, FeeRule> ByFeeType = Fees.ToDictionary(rule => rule.FeeType, StringComparer.Ordinal);

    /// <summary>A fee type Stripe adds later is still a fee: it goes to the fees balance under its own reference.</summary>
    public static FeeRule FeeFor(string? feeType) =>
        feeType is null ? StripeFee
        : ByFeeType.GetValueOrDefault(feeType) ?? new FeeRule(feeType, LedgerRole.Fees, $"fee:{feeType}", $"{feeType.Replace('_', ' ')}");
}
