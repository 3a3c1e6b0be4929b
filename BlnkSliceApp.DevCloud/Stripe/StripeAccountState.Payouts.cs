using BlnkSliceApp.DevCloud.Stripe.Objects;
using BlnkSliceApp.DevCloud.Stripe.Seeding;

namespace BlnkSliceApp.DevCloud.Stripe;

/// <summary>
/// Payouts as Stripe makes and changes them. An automatic payout sweeps balance transactions
/// that are available and not yet paid out, and its amount is exactly their net, so
/// <c>GET /v1/balance_transactions?payout=</c> lists what adds up to it. Status changes follow
/// Stripe's rules: pending, in_transit, paid; failed from any of those (even after paid), with a
/// payout_failure transaction returning the money; canceled only while pending, with a
/// payout_cancel transaction. Callers of the internal methods hold the lock.
/// </summary>
public sealed partial class StripeAccountState
{
    public static readonly IReadOnlyList<string> PayoutStatuses = ["pending", "in_transit", "paid", "failed", "canceled"];

    /// <summary>
    /// An automatic payout at <paramref name="at"/> of the oldest available transactions not yet
    /// paid out, as many as fit under <paramref name="cap"/> (so it never overdraws what later
    /// refunds need); null when they come to less than the currency's minimum payout.
    /// </summary>
    internal PayoutRecord? CreateAutomaticPayout(IdGenerator ids, string currency, long cap, long at,
        string status = "paid", string reconciliation = "completed")
    {
        var swept = new List<BalanceTransactionRecord>();
        long amount = 0;
        foreach (var txn in BalanceTransactionTable.Ordered)
        {
            // Stripe pays out the payments balance only: Issuing and prefunding balances stay.
            if (txn.Currency != currency || txn.BalanceType != BalanceTypes.Payments || txn.PayoutId is not null || txn.Type == "payout"
                || txn.Created > at || txn.AvailableOn > at || amount + txn.Net > cap)
                continue;
            swept.Add(txn);
            amount += txn.Net;
        }
        if (amount < MinimumPayout(currency))
            return null;
        var payout = CreatePayout(ids, currency, amount, at, automatic: true, status, reconciliation);
        foreach (var txn in swept)
            txn.PayoutId = payout.Id;
        return payout;
    }

    internal static long MinimumPayout(string currency) => 100 * CurrencyRules.Granularity(currency);

    internal PayoutRecord CreatePayout(IdGenerator ids, string currency, long amount, long created,
        bool automatic = true, string status = "paid", string reconciliation = "completed")
    {
        var payout = new PayoutRecord
        {
            Id = ids.Next("po_"), Created = created, Amount = amount, Currency = currency,
            ArrivalDate = AvailabilityFor(created), BalanceTransactionId = ids.Next("txn_"),
            Automatic = automatic, Status = status,
            ReconciliationStatus = automatic ? reconciliation : "not_applicable",
            TraceIdValue = ids.Next("TRC", 14).ToUpperInvariant(),
        };
        Store(BalanceTransactionTable, new BalanceTransactionRecord
        {
            Id = payout.BalanceTransactionId, Created = created, Amount = -amount, Currency = currency,
            Type = "payout", ReportingCategory = "payout", SourceId = payout.Id, AvailableOn = created,
            Description = "STRIPE PAYOUT",
            // Stripe lists a payout's own transaction among those ?payout= returns.
            PayoutId = automatic ? payout.Id : null,
        });
        Store(PayoutTable, payout);
        return payout;
    }

    /// <summary>The bank returned the payout (even one that showed paid): it turns failed and the money comes back to the balance.</summary>
    internal BalanceTransactionRecord FailPayoutAt(IdGenerator ids, PayoutRecord payout, long at, string failureCode)
    {
        if (payout.IsFinal)
            throw new InvalidOperationException($"Payout {payout.Id} is already {payout.Status}.");
        var reversal = Reverse(ids, payout, at, "payout_failure", "Payout failure (" + failureCode + ")");
        payout.Status = "failed";
        payout.FailureCode = failureCode;
        payout.FailureMessage = failureCode == "account_closed"
            ? "The bank account has been closed."
            : "The payout could not be completed.";
        return reversal;
    }

    /// <summary>A pending payout is canceled: the money comes back to the balance.</summary>
    internal BalanceTransactionRecord CancelPayoutAt(IdGenerator ids, PayoutRecord payout, long at)
    {
        if (payout.Status != "pending")
            throw new InvalidOperationException($"Payout {payout.Id} is {payout.Status}: only a pending payout can be canceled.");
        var reversal = Reverse(ids, payout, at, "payout_cancel", "Payout cancellation");
        payout.Status = "canceled";
        return reversal;
    }

    BalanceTransactionRecord Reverse(IdGenerator ids, PayoutRecord payout, long at, string type, string description)
    {
        var reversal = new BalanceTransactionRecord
        {
            Id = ids.Next("txn_"), Created = at, Amount = payout.Amount, Currency = payout.Currency,
            Type = type, ReportingCategory = "payout_reversal", SourceId = payout.Id, AvailableOn = at,
            Description = description,
        };
        Store(BalanceTransactionTable, reversal);
        payout.FailureBalanceTransactionId = reversal.Id;
        return reversal;
    }

    /// <summary>
    /// Moves a payout to <paramref name="status"/> as the bank would: pending to in_transit to
    /// paid, failed from any of those, canceled only from pending. A payout that leaves Stripe
    /// has had its transactions worked out, so reconciliation completes with it.
    /// </summary>
    public PayoutStatusChange SetPayoutStatus(string payoutId, string status, string failureCode = "account_closed", long? arrivalDate = null) => Write(s =>
    {
        var payout = s.PayoutTable.Find(payoutId) ?? throw new KeyNotFoundException($"No such payout: '{payoutId}'");
        if (!PayoutStatuses.Contains(status))
            throw new ArgumentException($"status must be one of {string.Join(", ", PayoutStatuses)}.");
        var at = Math.Max(s.Now, payout.Created);
        BalanceTransactionRecord? reversal = null;
        switch (status)
        {
            case "in_transit" when payout.Status == "pending":
            case "paid" when payout.Status is "pending" or "in_transit":
                payout.Status = status;
                break;
            case "failed":
                reversal = s.FailPayoutAt(s._ids, payout, at, failureCode);
                break;
            case "canceled":
                reversal = s.CancelPayoutAt(s._ids, payout, at);
                break;
            default:
                throw new InvalidOperationException($"Payout {payout.Id} is {payout.Status}; it cannot become {status}.");
        }
        if (payout.Automatic && status != "canceled")
            payout.ReconciliationStatus = "completed";
        if (arrivalDate is { } arrival)
            payout.ArrivalDate = arrival;
        s.EmitPayoutStatus(payout);
        return new PayoutStatusChange(payout.Id, payout.Status, reversal?.Id);
    });

    /// <summary>Stripe has worked out which transactions an automatic payout holds: ?payout= lists them from now on.</summary>
    public void CompletePayoutReconciliation(string payoutId) => Write(s =>
    {
        var payout = s.PayoutTable.Find(payoutId) ?? throw new KeyNotFoundException($"No such payout: '{payoutId}'");
        if (!payout.Automatic)
            throw new InvalidOperationException($"Payout {payout.Id} is a manual payout: Stripe cannot tell which transactions it holds.");
        payout.ReconciliationStatus = "completed";
        s.Emit("payout.reconciliation_completed", payout);
    });

    /// <summary>A payout's own transaction and, once its reconciliation is completed, the transactions it paid out.</summary>
    internal bool IsListedInPayout(BalanceTransactionRecord txn, PayoutRecord payout) =>
        txn.PayoutId == payout.Id && (payout.ReconciliationStatus == "completed" || txn.Id == payout.BalanceTransactionId);
}

/// <summary>What a status change did: the payout's new status and the transaction that returned its money, if any.</summary>
public sealed record PayoutStatusChange(string PayoutId, string Status, string? BalanceTransactionId);
