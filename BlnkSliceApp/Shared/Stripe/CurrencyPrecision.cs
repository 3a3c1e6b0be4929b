namespace BlnkSliceApp.Shared.Stripe;

/// <summary>
/// The Blnk <c>precision</c> of a Stripe integer amount: how many Stripe units make one unit of
/// the currency. Stripe's own rules, not ISO 4217's: ISK, HUF, TWD and UGX have zero or two
/// decimals in ISO terms but Stripe still sends them times 100, so they are 100 here.
/// </summary>
public static class CurrencyPrecision
{
    static readonly IReadOnlySet<string> ZeroDecimal = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "BIF", "CLP", "DJF", "GNF", "JPY", "KMF", "KRW", "MGA", "PYG", "RWF", "VND", "VUV", "XAF", "XOF", "XPF",
    };

    static readonly IReadOnlySet<string> ThreeDecimal = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "BHD", "JOD", "KWD", "OMR", "TND",
    };

    /// <param name="currency">An ISO code in any case, as Stripe (lower) or Blnk (upper) writes it.</param>
    public static long For(string currency)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(currency);
        var code = currency.Trim();
        if (ZeroDecimal.Contains(code)) return 1;
        if (ThreeDecimal.Contains(code)) return 1000;
        return 100;
    }
}
