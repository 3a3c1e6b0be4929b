using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BlnkSliceApp.Shared.Stripe;

namespace BlnkSliceApp.Shared.Sync.Mapping;

/// <summary>
/// Turns a Stripe balance transaction into Blnk postings by the rules of <see cref="MappingRules"/>:
/// the amount moves between the mirror of its Stripe balance (@stripe for payments) and the
/// category's counterparty, each kind of fee between its balance and the mirror. The direction
/// follows the sign, so for every transaction minus the mirror moves by exactly amount - fee
/// (= net), and in each balance type and currency minus the mirror equals Stripe's balance.
/// Descriptions name Stripe ids and the kind of movement, never a person (no email, no name):
/// ledger text is immutable, identities carry the person. Pure functions: no I/O, no clock.
/// </summary>
public static partial class BalanceTransactionMapper
{
    public const string MetaDataKey = "stripe_sync";
    public const string OpeningCategory = "opening_balance";
    const int MaxQuotedDescription = 120;

    /// <summary>
    /// Charge, customer and PaymentIntent ids as far as the (expanded) source tells them, and the
    /// balance transactions a movement adjusts. A pay-in's source is its Charge (which names the
    /// PaymentIntent); refunds and disputes reach theirs through the charge the listing expands.
    /// </summary>
    public static SourceRefs RefsOf(StripeBalanceTransaction transaction)
    {
        var sourceId = transaction.SourceId ?? transaction.Source?.Id;
        return transaction.Source switch
        {
            StripeSourceCharge charge => new SourceRefs(sourceId, charge.Id, charge.CustomerId, charge.PaymentIntentId)
            {
                ChargeTransactionId = charge.BalanceTransactionId,
            },
            StripeSourceRefund refund => new SourceRefs(sourceId, refund.ChargeId, refund.Charge?.CustomerId, refund.PaymentIntentId ?? refund.Charge?.PaymentIntentId)
            {
                ChargeTransactionId = refund.Charge?.BalanceTransactionId,
                SourceTransactionId = refund.BalanceTransactionId,
            },
            StripeSourceDispute dispute => new SourceRefs(sourceId, dispute.ChargeId, dispute.Charge?.CustomerId, dispute.PaymentIntentId ?? dispute.Charge?.PaymentIntentId)
            {
                ChargeTransactionId = dispute.Charge?.BalanceTransactionId,
                SourceTransactionId = (dispute.BalanceTransactions.FirstOrDefault(t => t.ReportingCategory == "dispute") ?? dispute.BalanceTransactions.FirstOrDefault())?.Id,
            },
            null when IsChargeId(sourceId) => new SourceRefs(sourceId, sourceId, null, null),
            _ => new SourceRefs(sourceId, null, null, null),
        };
    }

    /// <param name="customerId">The Stripe customer, found through the source or the charge; null for a guest.</param>
    /// <param name="installRules">
    /// The install's own balances for categories the table does not know (set in the portal's
    /// Repair view); the table always wins for a category it knows.
    /// </param>
    public static MappedTransaction Map(StripeBalanceTransaction transaction, SourceRefs refs, string? customerId, string stripeAccountId,
        IReadOnlyDictionary<string, LedgerRole>? installRules = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        ArgumentNullException.ThrowIfNull(refs);
        var currency = transaction.Currency.ToUpperInvariant();
        var precision = CurrencyPrecision.For(currency);
        var category = CategoryOf(transaction);
        var rule = MappingRules.For(category) ?? InstallRule(category, installRules);
        var knownMirror = StripeBalanceTypes.MirrorOf(transaction.BalanceType);
        // An undocumented balance type still reconciles nothing: posted against payments, and alerted.
        var mirror = knownMirror ?? LedgerRole.Stripe;
        var counterparty = rule is null ? LedgerRole.Other
            : rule.Counterparty == LedgerRole.Customer ? (customerId is null ? LedgerRole.Unattributed : LedgerRole.Customer)
            : rule.Counterparty;
        var subject = Subject(rule, category, transaction, refs, customerId);
        var parent = ParentOf(rule, refs, transaction.Id);
        var facts = new Facts(transaction, refs, customerId, category, stripeAccountId, parent);

        var postings = new List<PlannedPosting>(2);
        if (transaction.Amount != 0)
        {
            // A positive amount is money into the Stripe balance: it leaves the mirror (whose negated
            // balance is Stripe's) for the counterparty. A negative amount comes back.
            var (source, destination) = transaction.Amount > 0 ? (mirror, counterparty) : (counterparty, mirror);
            postings.Add(new PlannedPosting(ReferenceOf(transaction.Id), currency, Math.Abs(transaction.Amount), precision,
                source, destination, $"Stripe {subject}", MetaData(facts)));
        }
        foreach (var (fee, amount, applications) in FeeParts(transaction))
        {
            if (amount == 0) continue;
            // A fee leaves the Stripe balance; a refunded fee (negative) returns to it.
            var (source, destination) = amount > 0 ? (fee.Counterparty, mirror) : (mirror, fee.Counterparty);
            postings.Add(new PlannedPosting(ReferenceOf(transaction.Id, fee.Suffix), currency, Math.Abs(amount), precision,
                source, destination, FeeDescription(fee, amount, subject), MetaData(facts, fee, applications)) { Part = fee.Suffix });
        }

        var unmapped = rule is null || rule.NeedsReview || knownMirror is null;
        return new MappedTransaction(transaction.Id, transaction.Created, category, unmapped, customerId, postings);
    }

    /// <summary>What the ledger description of a category without a rule ends with.</summary>
    public const string UnmappedNote = " (unmapped category)";

    /// <summary>An install's rule as a table rule: the category's own words, nothing quoted (Stripe's text for it is unknown).</summary>
    static CategoryRule? InstallRule(string category, IReadOnlyDictionary<string, LedgerRole>? installRules) =>
        installRules is not null && installRules.TryGetValue(category, out var balance)
            ? new CategoryRule(category, balance, category.Replace('_', ' '))
            : null;

    /// <summary>The reference of a part of a balance transaction: <c>stripe:&lt;id&gt;</c>, or with a fee suffix.</summary>
    public static string ReferenceOf(string balanceTransactionId, string part = "") =>
        part.Length == 0 ? $"stripe:{balanceTransactionId}" : $"stripe:{balanceTransactionId}:{part}";

    /// <summary>Every reference a balance transaction can have been recorded under, by this or an earlier version.</summary>
    public static IEnumerable<string> ReferencesOf(StripeBalanceTransaction transaction)
    {
        yield return ReferenceOf(transaction.Id);
        yield return ReferenceOf(transaction.Id, MappingRules.StripeFee.Suffix);
        foreach (var suffix in transaction.FeeDetails.Select(detail => MappingRules.FeeFor(detail.Type).Suffix).Distinct())
            if (suffix != MappingRules.StripeFee.Suffix)
                yield return ReferenceOf(transaction.Id, suffix);
    }

    /// <summary>
    /// What the Stripe balance held before the first window, as one posting per balance type and
    /// currency: a positive <paramref name="before"/> leaves the mirror for @stripe_opening (so
    /// that minus the mirror rises by it), a negative one comes back.
    /// </summary>
    /// <param name="windowFrom">Unix seconds where the first sync window starts.</param>
    public static PlannedPosting OpeningBalance(string stripeAccountId, StripeBalanceAmount before, long windowFrom)
    {
        ArgumentNullException.ThrowIfNull(before);
        if (before.Amount == 0)
            throw new ArgumentException("An opening balance of zero is not posted.", nameof(before));
        var currency = before.Currency.ToUpperInvariant();
        var mirror = StripeBalanceTypes.MirrorOf(before.BalanceType)
            ?? throw new ArgumentException($"Stripe has no {before.BalanceType} balance the sync mirrors.", nameof(before));
        var (source, destination) = before.Amount > 0 ? (mirror, LedgerRole.Opening) : (LedgerRole.Opening, mirror);
        var since = DateTimeOffset.FromUnixTimeSeconds(windowFrom).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);
        var metaData = MetaData(new Facts(null, SourceRefs.None, null, OpeningCategory, stripeAccountId, null));
        var ours = (JsonObject)metaData[MetaDataKey]!;
        ours["window_from"] = windowFrom;
        ours["balance_type"] = before.BalanceType;
        // The payments balance keeps the reference of the versions that knew no other balance.
        var reference = before.BalanceType == StripeBalanceTypes.Payments
            ? $"stripe:opening:{stripeAccountId}:{currency.ToLowerInvariant()}"
            : $"stripe:opening:{stripeAccountId}:{before.BalanceType}:{currency.ToLowerInvariant()}";
        var which = before.BalanceType == StripeBalanceTypes.Payments ? "" : $" {StripeBalanceTypes.Describe(before.BalanceType)}";
        return new PlannedPosting(reference, currency, Math.Abs(before.Amount), before.Precision,
            source, destination, $"Stripe opening{which} balance before {since} UTC ({currency})", metaData);
    }

    /// <summary>Stripe recommends reporting_category over type; type only fills in when it is missing.</summary>
    public static string CategoryOf(StripeBalanceTransaction transaction)
    {
        if (!string.IsNullOrWhiteSpace(transaction.ReportingCategory))
            return transaction.ReportingCategory;
        if (string.IsNullOrWhiteSpace(transaction.Type))
            return MappingRules.UnknownCategory;
        return MappingRules.CategoryOfType.GetValueOrDefault(transaction.Type) ?? transaction.Type;
    }

    /// <summary>
    /// The fee split by kind, Stripe's own fee first. Whatever <c>fee_details</c> does not
    /// explain (or all of it, when Stripe lists none) is Stripe's fee, so the parts always add up
    /// to <c>fee</c> and the mirror still moves by exactly the net.
    /// </summary>
    static IEnumerable<(FeeRule Fee, long Amount, string? Applications)> FeeParts(StripeBalanceTransaction transaction)
    {
        var details = transaction.FeeDetails;
        var parts = details
            .GroupBy(detail => MappingRules.FeeFor(detail.Type).Suffix, StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.ToList(), StringComparer.Ordinal);
        var explained = details.Sum(detail => detail.Amount);
        var stripeFee = MappingRules.StripeFee;
        yield return (stripeFee, transaction.Fee - explained + (parts.TryGetValue(stripeFee.Suffix, out var own) ? own.Sum(d => d.Amount) : 0), null);

        var known = MappingRules.Fees.Select(rule => rule.Suffix).ToList();
        foreach (var (suffix, group) in parts.Where(pair => pair.Key != stripeFee.Suffix)
                     .OrderBy(pair => known.IndexOf(pair.Key) is var i && i >= 0 ? i : int.MaxValue)
                     .ThenBy(pair => pair.Key, StringComparer.Ordinal))
        {
            var applications = string.Join(",", group.Select(d => d.Application).OfType<string>().Distinct().Order(StringComparer.Ordinal));
            yield return (MappingRules.FeeFor(group[0].Type), group.Sum(d => d.Amount), applications.Length == 0 ? null : applications);
        }
    }

    static string FeeDescription(FeeRule fee, long amount, string subject)
    {
        var words = fee == MappingRules.StripeFee ? "Stripe fee" : char.ToUpperInvariant(fee.Words[0]) + fee.Words[1..];
        return amount > 0 ? $"{words} for {subject}" : $"{words} refund for {subject}";
    }

    /// <summary>The part after "Stripe " / "Stripe fee for ": Stripe ids and the kind of movement, which read well in the Cloud dashboard.</summary>
    static string Subject(CategoryRule? rule, string category, StripeBalanceTransaction transaction, SourceRefs refs, string? customerId)
    {
        // Nothing is known of an unmapped category's text: it stays out of the ledger.
        if (rule is null)
            return $"{category.Replace('_', ' ')} {transaction.Id}{UnmappedNote}";
        if (rule.QuotesStripe)
            return Quoted($"{rule.Movement} {transaction.Id}", transaction.Description);
        var what = $"{rule.Movement} {refs.SourceId ?? transaction.Id}";
        if (rule.Counterparty != LedgerRole.Customer)
            return what;
        return customerId is null ? $"{what}{NoCustomer}" : $"{what}{ForCustomer(customerId)}";
    }

    const string NoCustomer = " (no customer)";

    static string ForCustomer(string customerId) => $" for customer {customerId}";

    /// <summary>A description planned before the customer was known, once it is (the charge was read after the refund).</summary>
    public static string WithCustomer(string description, string customerId) =>
        description.Replace(NoCustomer, ForCustomer(customerId), StringComparison.Ordinal);

    /// <summary>
    /// Stripe's description of its own products ("Billing - Radar (monthly)") helps a reader;
    /// it is free text, so anything shaped like an email address is left out of the ledger.
    /// </summary>
    static string Quoted(string subject, string? description)
    {
        if (string.IsNullOrWhiteSpace(description))
            return subject;
        var text = EmailLike().Replace(description, "(email removed)");
        return $"{subject}: {(text.Length > MaxQuotedDescription ? text[..MaxQuotedDescription] + "..." : text)}";
    }

    // "@" and the look-alikes a person may type (full-width, small).
    [GeneratedRegex(@"[^\s@\uFF20\uFE6B<>()""']+[@\uFF20\uFE6B][^\s@\uFF20\uFE6B<>()""']+")]
    private static partial Regex EmailLike();

    /// <summary>The reference of the posting this movement adjusts, when the source tells it (never the transaction itself).</summary>
    static string? ParentOf(CategoryRule? rule, SourceRefs refs, string balanceTransactionId)
    {
        var parent = rule?.Parent switch
        {
            ParentLink.Charge => refs.ChargeTransactionId,
            ParentLink.Refund => refs.SourceTransactionId,
            ParentLink.DisputeWithdrawal => refs.SourceTransactionId ?? refs.ChargeTransactionId,
            _ => null,
        };
        return parent is null || parent == balanceTransactionId ? null : ReferenceOf(parent);
    }

    sealed record Facts(StripeBalanceTransaction? Transaction, SourceRefs Refs, string? CustomerId, string Category, string StripeAccountId, string? ParentReference);

    /// <summary>
    /// One <c>stripe_sync</c> object per posting. <c>parent_reference</c> names the posting this one
    /// adjusts: Blnk Core fills its own <c>parent_transaction</c> (queued, inflight and bulk
    /// lineage) and takes none from the caller, so the link lives in our metadata, by reference.
    /// </summary>
    static JsonObject MetaData(Facts facts, FeeRule? fee = null, string? applications = null)
    {
        var ours = new JsonObject
        {
            ["balance_transaction_id"] = facts.Transaction?.Id,
            ["source_id"] = facts.Refs.SourceId,
            ["payment_intent_id"] = facts.Refs.PaymentIntentId,
            ["customer_id"] = facts.CustomerId,
            ["reporting_category"] = facts.Category,
            ["stripe_account_id"] = facts.StripeAccountId,
        };
        if (facts.Transaction is { } transaction)
        {
            ours["type"] = transaction.Type;
            ours["balance_type"] = transaction.BalanceType ?? StripeBalanceTypes.Payments;
        }
        if (facts.Refs.ChargeId is { } chargeId)
            ours["charge_id"] = chargeId;
        if (facts.ParentReference is { } parent)
            ours["parent_reference"] = parent;
        if (fee is not null)
            ours["fee_type"] = fee.FeeType;
        if (applications is not null)
            ours["application_id"] = applications;
        return new JsonObject { [MetaDataKey] = ours };
    }

    static bool IsChargeId(string? id) => id is not null && (id.StartsWith("ch_", StringComparison.Ordinal) || id.StartsWith("py_", StringComparison.Ordinal));
}
