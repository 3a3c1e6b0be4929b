using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Shared.Sync.Reconciliation;

/// <summary>What a finance person reads in the mismatch alert: which balance, both figures, the difference, the run.</summary>
public static class MismatchText
{
    public static string Title(ReconciliationLine line) =>
        $"Stripe sync: {line.Currency} {Which(line)}ledger differs from Stripe by {MoneyText.Format(Math.Abs(line.Difference), line.Precision, line.Currency)}";

    public static string Description(ReconciliationLine line, string indicator, string runId)
    {
        var direction = line.Difference > 0 ? "less" : "more";
        var balance = line.BalanceType == StripeBalanceTypes.Payments
            ? "balance (available plus pending)"
            : StripeBalanceTypes.Describe(line.BalanceType);
        return $"After sync run {runId}, Stripe's {line.Currency} {balance} is {MoneyText.Format(line.StripeAmount, line.Precision, line.Currency)}, " +
               $"but the ledger's {indicator} balance accounts for {MoneyText.Format(line.LedgerAmount, line.Precision, line.Currency)}: " +
               $"the ledger shows {MoneyText.Format(Math.Abs(line.Difference), line.Precision, line.Currency)} {direction} than Stripe. " +
               $"Look for transactions on {indicator} in {line.Currency} that did not come from the sync, or postings the sync could not make.";
    }

    static string Which(ReconciliationLine line) =>
        line.BalanceType == StripeBalanceTypes.Payments ? "" : $"{StripeBalanceTypes.Describe(line.BalanceType)} ";
}
