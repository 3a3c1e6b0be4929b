using System.Globalization;
using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Stripe;
using Stripe;

namespace BlnkSliceApp.Shared.Sync.Mapping;

/// <summary>
/// Turns a Stripe balance transaction into Blnk postings (issue 4, "What becomes what"):
/// the amount moves between @stripe and the category's counterparty, the fee between
/// @stripe_fees and @stripe. The direction follows the sign, so for every transaction
/// -balance(@stripe) moves by exactly amount - fee (= net), and in each currency
/// -balance(@stripe) equals Stripe's balance. Pure functions: no I/O, no clock.
/// </summary>
public static class BalanceTransactionMapper
{
    public const string MetaDataKey = "stripe_sync";
    public const string OpeningCategory = "opening_balance";
    const int MaxQuotedDescription = 120;

    enum Kind { PayIn, Refund, DisputeWithdrawal, DisputeReversal, Payout, PayoutReturn, StripeFee, Unmapped }

    /// <summary>
    /// Charge, customer and PaymentIntent ids as far as the (expanded) source tells them. A pay-in's
    /// source is its Charge (which names the PaymentIntent); Stripe never gives a PaymentIntent as source.
    /// </summary>
    public static SourceRefs RefsOf(BalanceTransaction transaction)
    {
        var sourceId = transaction.SourceId ?? transaction.Source?.Id;
        return transaction.Source switch
        {
            Charge charge => new SourceRefs(sourceId, charge.Id, charge.CustomerId, charge.PaymentIntentId),
            Refund refund => new SourceRefs(sourceId, refund.ChargeId, refund.Charge?.CustomerId, refund.PaymentIntentId ?? refund.Charge?.PaymentIntentId),
            Dispute dispute => new SourceRefs(sourceId, dispute.ChargeId, dispute.Charge?.CustomerId, dispute.PaymentIntentId ?? dispute.Charge?.PaymentIntentId),
            null when IsChargeId(sourceId) => new SourceRefs(sourceId, sourceId, null, null),
            _ => new SourceRefs(sourceId, null, null, null),
        };
    }

    /// <param name="customerId">The Stripe customer, found through the source or the charge; null for a guest.</param>
    /// <param name="customerLabel">How to name the customer in descriptions (email or name); falls back to the id.</param>
    public static MappedTransaction Map(BalanceTransaction transaction, SourceRefs refs, string? customerId, string? customerLabel, string stripeAccountId)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(refs);
        var currency = transaction.Currency.ToUpperInvariant();
        var precision = CurrencyPrecision.For(currency);
        var category = CategoryOf(transaction);
        var kind = KindOf(category);
        var counterparty = CounterpartyOf(kind, customerId);
        var subject = Subject(kind, transaction, refs, customerId is null ? null : customerLabel ?? customerId, category);

        var postings = new List<PlannedPosting>(2);
        if (transaction.Amount != 0)
        {
            // A positive amount is money into the Stripe balance: it leaves @stripe (whose negated
            // balance mirrors Stripe's) for the counterparty. A negative amount comes back.
            var (source, destination) = transaction.Amount > 0 ? (LedgerRole.Stripe, counterparty) : (counterparty, LedgerRole.Stripe);
            postings.Add(new PlannedPosting($"stripe:{transaction.Id}", currency, Math.Abs(transaction.Amount), precision,
                source, destination, $"Stripe {subject}", MetaData(transaction.Id, refs, customerId, category, stripeAccountId)));
        }
        if (transaction.Fee != 0)
        {
            // A fee leaves the Stripe balance; a refunded fee (negative) returns to it.
            var (source, destination) = transaction.Fee > 0 ? (LedgerRole.Fees, LedgerRole.Stripe) : (LedgerRole.Stripe, LedgerRole.Fees);
            var description = transaction.Fee > 0 ? $"Stripe fee for {subject}" : $"Stripe fee refund for {subject}";
            postings.Add(new PlannedPosting($"stripe:{transaction.Id}:fee", currency, Math.Abs(transaction.Fee), precision,
                source, destination, description, MetaData(transaction.Id, refs, customerId, category, stripeAccountId)));
        }

        return new MappedTransaction(transaction.Id, UnixSeconds(transaction.Created), category, kind == Kind.Unmapped, customerId, postings);
    }

    /// <summary>
    /// What the Stripe balance held before the first window, as one posting per currency:
    /// a positive <paramref name="before"/> leaves @stripe for @stripe_opening (so that
    /// -balance(@stripe) rises by it), a negative one comes back.
    /// </summary>
    /// <param name="windowFrom">Unix seconds where the first sync window starts.</param>
    public static PlannedPosting OpeningBalance(string stripeAccountId, StripeBalanceAmount before, long windowFrom)
    {
        ArgumentNullException.ThrowIfNull(before);
        if (before.Amount == 0)
            throw new ArgumentException("An opening balance of zero is not posted.", nameof(before));
        var currency = before.Currency.ToUpperInvariant();
        var (source, destination) = before.Amount > 0 ? (LedgerRole.Stripe, LedgerRole.Opening) : (LedgerRole.Opening, LedgerRole.Stripe);
        var since = DateTimeOffset.FromUnixTimeSeconds(windowFrom).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var metaData = MetaData(null, SourceRefs.None, null, OpeningCategory, stripeAccountId);
        ((JsonObject)metaData[MetaDataKey]!)["window_from"] = windowFrom;
        return new PlannedPosting($"stripe:opening:{stripeAccountId}:{currency.ToLowerInvariant()}", currency, Math.Abs(before.Amount), before.Precision,
            source, destination, $"Stripe opening balance before {since} UTC ({currency})", metaData);
    }

    /// <summary>Stripe recommends reporting_category over type; type only fills in when it is missing.</summary>
    static string CategoryOf(BalanceTransaction transaction)
    {
        if (!string.IsNullOrWhiteSpace(transaction.ReportingCategory))
            return transaction.ReportingCategory;
        return transaction.Type switch
        {
            "charge" or "payment" => "charge",
            "refund" or "payment_refund" => "refund",
            "payout" => "payout",
            "payout_failure" or "payout_cancel" => "payout_reversal",
            "stripe_fee" => "fee",
            { Length: > 0 } type => type,
            _ => "unknown",
        };
    }

    static Kind KindOf(string category) => category switch
    {
        "charge" => Kind.PayIn,
        "refund" => Kind.Refund,
        "dispute" => Kind.DisputeWithdrawal,
        "dispute_reversal" => Kind.DisputeReversal,
        "payout" => Kind.Payout,
        "payout_reversal" => Kind.PayoutReturn,
        // Stripe's own charges that are not tied to a payment (Radar, billing): they are fees.
        "fee" => Kind.StripeFee,
        _ => Kind.Unmapped,
    };

    static LedgerRole CounterpartyOf(Kind kind, string? customerId) => kind switch
    {
        Kind.PayIn or Kind.Refund or Kind.DisputeWithdrawal or Kind.DisputeReversal =>
            customerId is null ? LedgerRole.Unattributed : LedgerRole.Customer,
        Kind.Payout or Kind.PayoutReturn => LedgerRole.Payouts,
        Kind.StripeFee => LedgerRole.Fees,
        _ => LedgerRole.Other,
    };

    /// <summary>The part after "Stripe " / "Stripe fee for ": reads well in the Cloud dashboard.</summary>
    static string Subject(Kind kind, BalanceTransaction transaction, SourceRefs refs, string? who, string category)
    {
        var source = refs.SourceId ?? transaction.Id;
        return kind switch
        {
            Kind.PayIn => who is null ? $"pay-in {source} (no customer)" : $"pay-in from {who}",
            Kind.Refund => who is null ? $"refund {source} (no customer)" : $"refund to {who}",
            Kind.DisputeWithdrawal => who is null ? $"dispute withdrawal {source} (no customer)" : $"dispute withdrawal {source} for {who}",
            Kind.DisputeReversal => who is null ? $"dispute won {source}, funds returned (no customer)" : $"dispute won {source}, funds returned for {who}",
            Kind.Payout => $"payout {source}",
            Kind.PayoutReturn => $"payout {source} returned to the balance",
            Kind.StripeFee => Quoted($"fee {transaction.Id}", transaction.Description),
            _ => Quoted($"{category.Replace('_', ' ')} {transaction.Id} (unmapped category)", transaction.Description),
        };
    }

    static string Quoted(string subject, string? description) =>
        string.IsNullOrWhiteSpace(description)
            ? subject
            : $"{subject}: {(description.Length > MaxQuotedDescription ? description[..MaxQuotedDescription] + "..." : description)}";


    static JsonObject MetaData(string? balanceTransactionId, SourceRefs refs, string? customerId, string category, string stripeAccountId) => new()
    {
        [MetaDataKey] = new JsonObject
        {
            ["balance_transaction_id"] = balanceTransactionId,
            ["source_id"] = refs.SourceId,
            ["payment_intent_id"] = refs.PaymentIntentId,
            ["customer_id"] = customerId,
            ["reporting_category"] = category,
            ["stripe_account_id"] = stripeAccountId,
        },
    };

    static bool IsChargeId(string? id) => id is not null && (id.StartsWith("ch_", StringComparison.Ordinal) || id.StartsWith("py_", StringComparison.Ordinal));

    static long UnixSeconds(DateTime created) => new DateTimeOffset(DateTime.SpecifyKind(created, DateTimeKind.Utc)).ToUnixTimeSeconds();
}
