using System.Globalization;

namespace BlnkSliceApp.Shared.Sync.Payouts;

/// <summary>A payout in words: its status and the alert a failed or canceled one raises.</summary>
public static class PayoutText
{
    public static string Amount(PayoutRecord payout) => MoneyText.Format(payout.Amount, payout.Precision, payout.Currency);

    public static string Date(long unixSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(unixSeconds).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    public static string Status(string status) => status switch
    {
        "pending" => "Pending",
        "in_transit" => "In transit",
        "paid" => "Paid",
        "failed" => "Failed",
        "canceled" => "Canceled",
        "" => "Not read yet",
        _ => status,
    };

    /// <summary>Where a payout's transaction stands in the ledger, in words.</summary>
    public static string Ledger(PayoutItemRecord item) => item.State switch
    {
        PayoutItemState.BeforeMirror => "Before the first sync (in the opening balance)",
        PayoutItemState.NoPostings => "Nothing to post",
        PayoutItemState.Unresolved => "Not posted yet",
        _ when item.Postings.Any(p => p.Tag == PostingTag.Refused) => "Refused by Blnk",
        _ when item.Done => "Tagged",
        _ => "Waiting",
    };

    public static string AlertTitle(PayoutRecord payout) =>
        $"Stripe sync: payout {payout.PayoutId} of {Amount(payout)} {(payout.Status == "canceled" ? "was canceled" : "failed")}";

    public static string AlertDescription(PayoutRecord payout, string runId)
    {
        var returned = payout.FailureBalanceTransactionId is { } txn ? $" (balance transaction {txn})" : "";
        var what = payout.Status == "canceled"
            ? $"Stripe canceled payout {payout.PayoutId} of {Amount(payout)} before it left Stripe"
            : $"Stripe reports that payout {payout.PayoutId} of {Amount(payout)}, due to arrive on {Date(payout.ArrivalDate)}, failed"
              + (payout.FailureMessage is { Length: > 0 } message ? $": {message.TrimEnd('.')}" : "")
              + (payout.FailureCode is { Length: > 0 } code ? $" ({code})" : "");
        return $"{what}. The money came back to the Stripe balance{returned}, and the ledger shows it as a payout reversal " +
               $"once synced (seen in sync run {runId}). The bank account has not received it: check the payout settings in Stripe so the next payouts arrive.";
    }
}
