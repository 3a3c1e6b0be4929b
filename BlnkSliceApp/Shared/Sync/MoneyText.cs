using System.Globalization;

namespace BlnkSliceApp.Shared.Sync;

/// <summary>
/// Minor units as people read money: 123456 with precision 100 is "1,234.56 USD". Integer
/// arithmetic only, so every digit shown is exact at any size. Used by the portal and by the
/// texts of the alerts the sync raises.
/// </summary>
public static class MoneyText
{
    public static string Format(long preciseAmount, long precision, string currency)
    {
        var code = currency.ToUpperInvariant();
        if (DecimalsOf(precision) is not { } decimals)
            return $"{preciseAmount.ToString("N0", CultureInfo.InvariantCulture)} {code} (minor units)";

        // The magnitude as ulong: long.MinValue has no positive long.
        var magnitude = preciseAmount < 0 ? (ulong)(-(preciseAmount + 1)) + 1 : (ulong)preciseAmount;
        var whole = magnitude / (ulong)precision;
        var fraction = magnitude % (ulong)precision;
        var sign = preciseAmount < 0 ? "-" : "";
        var text = whole.ToString("N0", CultureInfo.InvariantCulture);
        if (decimals > 0)
            text += "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
        return $"{sign}{text} {code}";
    }

    /// <summary>The number of decimals a precision stands for (100 -> 2), or null if it is not a power of ten.</summary>
    public static int? DecimalsOf(long precision)
    {
        if (precision < 1)
            return null;
        var decimals = 0;
        while (precision > 1)
        {
            if (precision % 10 != 0)
                return null;
            precision /= 10;
            decimals++;
        }
        return decimals;
    }
}
