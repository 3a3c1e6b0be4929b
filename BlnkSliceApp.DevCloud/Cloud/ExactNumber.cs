using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BlnkSliceApp.DevCloud.Cloud;

/// <summary>
/// Money stays exact end to end: JSON numbers are read from their raw text into BigInteger or
/// decimal and written back as raw number text, never through double.
/// </summary>
public static class ExactNumber
{
    /// <summary>A JSON number node holding exactly <paramref name="value"/>.</summary>
    public static JsonNode Json(BigInteger value) => JsonNode.Parse(value.ToString(CultureInfo.InvariantCulture))!;

    /// <summary>units / precision as a JSON number (precision is a power of ten).</summary>
    public static JsonNode Json(BigInteger units, BigInteger precision) => JsonNode.Parse(Format(units, precision))!;

    public static string Format(BigInteger units, BigInteger precision)
    {
        var digits = precision.ToString(CultureInfo.InvariantCulture).Length - 1;
        if (digits <= 0) return units.ToString(CultureInfo.InvariantCulture);
        var negative = units.Sign < 0;
        var text = BigInteger.Abs(units).ToString(CultureInfo.InvariantCulture).PadLeft(digits + 1, '0');
        var formatted = $"{text[..^digits]}.{text[^digits..]}".TrimEnd('0').TrimEnd('.');
        return negative ? "-" + formatted : formatted;
    }

    public static bool IsPowerOfTen(BigInteger value)
    {
        if (value.Sign <= 0) return false;
        while (value > BigInteger.One)
        {
            var quotient = BigInteger.DivRem(value, 10, out var remainder);
            if (!remainder.IsZero) return false;
            value = quotient;
        }
        return true;
    }

    /// <summary>Reads a JSON number that must be a whole number (no fraction, no exponent tricks).</summary>
    public static bool TryInteger(JsonNode? node, out BigInteger value)
    {
        value = default;
        if (node is not JsonValue json || json.GetValueKind() != JsonValueKind.Number) return false;
        var raw = json.ToJsonString();
        if (BigInteger.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value)) return true;
        // 100.0 or 1e2 are whole numbers too; decimal reads them exactly.
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number))
        {
            value = new BigInteger(number);
            return true;
        }
        return false;
    }

    public static bool TryDecimal(JsonNode? node, out decimal value)
    {
        value = default;
        return node is JsonValue json && json.GetValueKind() == JsonValueKind.Number
            && decimal.TryParse(json.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>amount × precision, only when that is a whole number.</summary>
    public static bool TryScale(decimal amount, BigInteger precision, out BigInteger units)
    {
        units = default;
        var digits = precision.ToString(CultureInfo.InvariantCulture).Length - 1;
        var scaled = amount;
        try
        {
            for (var i = 0; i < digits; i++) scaled *= 10;
        }
        catch (OverflowException)
        {
            return false;
        }
        if (scaled != decimal.Truncate(scaled)) return false;
        units = new BigInteger(scaled);
        return true;
    }
}
