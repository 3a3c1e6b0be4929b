using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Shared.Sync.Reconciliation;

/// <summary>What a finance person reads in the mismatch alert: both figures, the difference, the run.</summary>
public static class MismatchText
{
    public static string Title(ReconciliationLine line, string indicator) =>
        $"Stripe sync: {line.Currency} ledger differs from Stripe by {MoneyText.Format(Math.Abs(line.Difference), line.Precision, line.Currency)}";

    public static string Description(ReconciliationLine line, string indicator, string runId)
    {
        var direction = line.Difference > 0 ? "less" : "more";
        return $"After sync run {runId}, Stripe's {line.Currency} balance (available plus pending) is {MoneyText.Format(line.StripeAmount, line.Precision, line.Currency)}, " +
               $"but the ledger's {indicator} balance accounts for {MoneyText.Format(line.LedgerAmount, line.Precision, line.Currency)}: " +
               $"the ledger shows {MoneyText.Format(Math.Abs(line.Difference), line.Precision, line.Currency)} {direction} than Stripe. " +
               $"Look for transactions on {indicator} in {line.Currency} that did not come from the sync, or postings the sync could not make.";
    }
}
