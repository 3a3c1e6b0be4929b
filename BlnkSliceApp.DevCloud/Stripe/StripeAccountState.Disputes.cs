using BlnkSliceApp.DevCloud.Stripe.Objects;
using BlnkSliceApp.DevCloud.Stripe.Seeding;

namespace BlnkSliceApp.DevCloud.Stripe;

/// <summary>
/// A dispute's life after it opens, as Stripe runs it: an inquiry (warning_*) moves no money
/// until it escalates; a chargeback withdraws the amount and the dispute fee when it opens
/// (needs_response), and gives both back only when won. Lost keeps the withdrawal.
/// </summary>
public sealed partial class StripeAccountState
{
    /// <summary>Stripe gives the merchant about a week to answer (evidence_details.due_by).</summary>
    public const long EvidenceWindow = 7 * Day;

    static readonly IReadOnlyDictionary<string, string[]> DisputeMoves = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["warning_needs_response"] = ["warning_under_review", "warning_closed", "needs_response"],
        ["warning_under_review"] = ["warning_closed", "needs_response"],
        ["needs_response"] = ["under_review", "won", "lost"],
        ["under_review"] = ["won", "lost"],
    };

    /// <summary>The statuses a dispute in <paramref name="status"/> may move to (none once it is final).</summary>
    public static IReadOnlyList<string> NextDisputeStatuses(string status) => DisputeMoves.GetValueOrDefault(status) ?? [];

    /// <summary>
    /// A cardholder disputes a charge now: an inquiry (<paramref name="inquiry"/>) or a chargeback,
    /// whose withdrawal is booked at once. The charge must be a settled card charge not disputed yet.
    /// </summary>
    public DisputeRecord OpenDispute(string chargeId, bool inquiry = false, string reason = "fraudulent") => Write(s =>
    {
        var charge = s.ChargeTable.Find(chargeId) ?? throw new KeyNotFoundException($"No such charge: '{chargeId}'");
        if (charge.Disputed) throw new InvalidOperationException($"Charge {chargeId} has already been disputed.");
        if (charge.PaymentMethodType != "card" || charge.Status != "succeeded")
            throw new InvalidOperationException($"Only a succeeded card charge can be disputed; {chargeId} is not one.");
        if (!DisputeReasons.Contains(reason)) throw new ArgumentException($"reason must be one of {string.Join(", ", DisputeReasons)}.");
        return s.OpenDisputeLocked(s._ids, charge, s.Now, inquiry, reason);
    });

    /// <summary>Stripe's documented dispute reasons.</summary>
    public static readonly IReadOnlySet<string> DisputeReasons = new HashSet<string>(StringComparer.Ordinal)
    {
        "bank_cannot_process", "check_returned", "credit_not_processed", "customer_initiated", "debit_not_authorized",
        "duplicate", "fraudulent", "general", "incorrect_account_details", "insufficient_funds", "product_not_received",
        "product_unacceptable", "subscription_canceled", "unrecognized",
    };

    internal DisputeRecord OpenDisputeLocked(IdGenerator ids, ChargeRecord charge, long now, bool inquiry, string reason)
    {
        var dispute = new DisputeRecord
        {
            Id = ids.Next("dp_"), Created = now, Amount = charge.Amount, Currency = charge.Currency,
            ChargeId = charge.Id, PaymentIntentId = charge.PaymentIntentId, Reason = reason,
            Status = inquiry ? "warning_needs_response" : "needs_response",
        };
        dispute.EvidenceDueBy = now + EvidenceWindow;
        charge.Disputed = true;
        if (!inquiry) WithdrawDisputed(ids, dispute, charge, now);
        Store(DisputeTable, dispute);
        return dispute;
    }

    /// <summary>
    /// Moves a dispute on: evidence submitted (under review), closed, escalated, won or lost.
    /// Escalating an inquiry withdraws the funds; winning gives them back with the fee.
    /// </summary>
    public DisputeRecord MoveDispute(string disputeId, string status) => Write(s =>
    {
        var dispute = s.DisputeTable.Find(disputeId) ?? throw new KeyNotFoundException($"No such dispute: '{disputeId}'");
        var allowed = NextDisputeStatuses(dispute.Status);
        if (!allowed.Contains(status))
            throw new InvalidOperationException(allowed.Count == 0
                ? $"Dispute {disputeId} is {dispute.Status}, which is final."
                : $"Dispute {disputeId} is {dispute.Status}; it can move to {string.Join(", ", allowed)}, not {status}.");
        var now = s.Now;
        var charge = s.ChargeTable.Find(dispute.ChargeId)!;
        if (status == "needs_response")
        {
            s.WithdrawDisputed(s._ids, dispute, charge, now);
            dispute.EvidenceDueBy = now + EvidenceWindow;
        }
        if (status is "under_review" or "warning_under_review") dispute.HasEvidence = true;
        if (status == "won") s.ReverseDisputed(s._ids, dispute, charge, now);
        dispute.Status = status;
        s.Emit(status is "won" or "lost" or "warning_closed" ? "charge.dispute.closed" : "charge.dispute.updated", dispute);
        return dispute;
    });

    /// <summary>The chargeback's withdrawal: the charge's settled amount and Stripe's dispute fee leave the balance.</summary>
    internal void WithdrawDisputed(IdGenerator ids, DisputeRecord dispute, ChargeRecord charge, long at)
    {
        var fee = CurrencyRules.DisputeFee(charge.SettlementCurrency);
        var withdrawal = new BalanceTransactionRecord
        {
            Id = ids.Next("txn_"), Created = at, Amount = -charge.SettlementAmount, Fee = fee, Currency = charge.SettlementCurrency,
            Type = "adjustment", ReportingCategory = "dispute", SourceId = dispute.Id, AvailableOn = at,
            Description = "Chargeback withdrawal for " + charge.Id,
            FeeDetails = [new FeeDetail(fee, "stripe_fee", "Dispute fee")],
        };
        dispute.TransactionIds.Add(withdrawal.Id);
        Store(BalanceTransactionTable, withdrawal);
    }

    /// <summary>A won dispute: the amount and the fee come back (dispute_reversal).</summary>
    internal void ReverseDisputed(IdGenerator ids, DisputeRecord dispute, ChargeRecord charge, long at)
    {
        var fee = CurrencyRules.DisputeFee(charge.SettlementCurrency);
        var reversal = new BalanceTransactionRecord
        {
            Id = ids.Next("txn_"), Created = at, Amount = charge.SettlementAmount, Fee = -fee, Currency = charge.SettlementCurrency,
            Type = "adjustment", ReportingCategory = "dispute_reversal", SourceId = dispute.Id, AvailableOn = at,
            Description = "Chargeback reversal for " + charge.Id,
            FeeDetails = [new FeeDetail(-fee, "stripe_fee", "Dispute fee refund")],
        };
        dispute.TransactionIds.Add(reversal.Id);
        Store(BalanceTransactionTable, reversal);
    }

    /// <summary>
    /// The seeded account's disputes still open, so the quick start shows their alerts: a
    /// chargeback waiting for evidence and a fresh inquiry, on the newest undisputed card charges.
    /// Uses the activity stream (not the seed's), so the rest of the seed stays as it was.
    /// </summary>
    internal void SeedOpenDisputes()
    {
        var candidates = ChargeTable.Ordered
            .Where(c => !c.Disputed && c.AmountRefunded == 0 && c.PaymentMethodType == "card" && c.Status == "succeeded"
                        && c.Currency == "usd" && c.SettlementCurrency == "usd")
            .TakeLast(2).ToList();
        if (candidates.Count < 2) return;
        // After its charge, before the anchor (seeded objects are all older than it).
        long At(ChargeRecord charge, long ago) => Math.Min(Anchor - 60, Math.Max(charge.Created + 3_600, Anchor - ago));
        OpenDisputeLocked(_ids, candidates[0], At(candidates[0], 2 * Day), inquiry: false, "product_not_received");
        OpenDisputeLocked(_ids, candidates[1], At(candidates[1], Day), inquiry: true, "unrecognized");
    }
}
