using System.Globalization;
using System.Numerics;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Shared.Sync.Reconciliation;

/// <summary>What a finance person reads in the mismatch alert: both figures, the difference, the run.</summary>
public static class MismatchText
{
    public static string Title(ReconciliationLine line, string indicator) =>
        $"Stripe sync: {line.Currency} ledger differs from Stripe by {Money(Math.Abs(line.Difference), line.Precision, line.Currency)}";

    public static string Description(ReconciliationLine line, string indicator, string runId)
    {
        var direction = line.Difference > 0 ? "less" : "more";
        return $"After sync run {runId}, Stripe's {line.Currency} balance (available plus pending) is {Money(line.StripeAmount, line.Precision, line.Currency)}, " +
               $"but the ledger's {indicator} balance accounts for {Money(line.LedgerAmount, line.Precision, line.Currency)}: " +
               $"the ledger shows {Money(Math.Abs(line.Difference), line.Precision, line.Currency)} {direction} than Stripe. " +
               $"Look for transactions on {indicator} in {line.Currency} that did not come from the sync, or postings the sync could not make.";
    }

    /// <summary>"1,234.56 USD", "1,500 JPY", "12.345 KWD": exact from minor units, with the currency's decimals.</summary>
    public static string Money(long units, long precision, string currency)
    {
        var decimals = precision <= 1 ? 0 : (int)Math.Round(Math.Log10(precision));
        var negative = units < 0;
        var magnitude = BigInteger.Abs(units);
        var whole = BigInteger.DivRem(magnitude, precision, out var fraction);
        var text = whole.ToString("N0", CultureInfo.InvariantCulture);
        if (decimals > 0)
            text += "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
        return $"{(negative ? "-" : "")}{text} {currency}";
    }
}
