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
        return Digits(preciseAmount, precision, "N0") is { } text
            ? $"{text} {code}"
            : $"{preciseAmount.ToString("N0", CultureInfo.InvariantCulture)} {code} (minor units)";
    }

    /// <summary>
    /// Minor units as a plain decimal for files (CSV): no grouping, no currency, a leading minus:
    /// 123456 with precision 100 is "1234.56", -5 with precision 1000 is "-0.005". Null when the
    /// precision is not a power of ten.
    /// </summary>
    public static string? Decimal(long preciseAmount, long precision) => Digits(preciseAmount, precision, "D");

    /// <summary>The amount in major units, its whole part written with <paramref name="wholeFormat"/>; null when the precision is not a power of ten.</summary>
    static string? Digits(long preciseAmount, long precision, string wholeFormat)
    {
        if (DecimalsOf(precision) is not { } decimals)
            return null;
        // The magnitude as ulong: long.MinValue has no positive long.
        var magnitude = preciseAmount < 0 ? (ulong)(-(preciseAmount + 1)) + 1 : (ulong)preciseAmount;
        var text = (magnitude / (ulong)precision).ToString(wholeFormat, CultureInfo.InvariantCulture);
        if (decimals > 0)
            text += "." + (magnitude % (ulong)precision).ToString(CultureInfo.InvariantCulture).PadLeft(decimals, '0');
        return preciseAmount < 0 ? "-" + text : text;
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
