using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace BlnkSliceApp.DevCloud.Cloud.Data;

/// <summary>
/// One Data API filter, <c>field_op=value</c>. The field may be a dotted path into
/// <c>meta_data</c>. Values compare as exact numbers when both sides are numbers, as instants
/// when both are dates, otherwise as ordinal strings.
/// </summary>
public sealed class DataFilter
{
    public static readonly string[] Operators = ["eq", "ne", "gt", "gte", "lt", "lte", "in", "between", "like", "ilike"];

    DataFilter(string[] path, string op, string[] values)
    {
        Path = path;
        Operator = op;
        Values = values;
    }

    public string[] Path { get; }
    public string Operator { get; }
    public string[] Values { get; }

    /// <summary>Splits "meta_data.stripe.customer_eq" into path and operator; null when no operator suffix fits.</summary>
    public static DataFilter? TryParse(string name, string value)
    {
        foreach (var op in Operators)
        {
            var suffix = "_" + op;
            if (!name.EndsWith(suffix, StringComparison.Ordinal) || name.Length == suffix.Length) continue;
            var field = name[..^suffix.Length];
            var path = field.Split('.');
            if (path.Any(string.IsNullOrEmpty)) return null;
            var values = op switch
            {
                "in" => value.Split(',', StringSplitOptions.TrimEntries),
                "between" => value.Split('|', StringSplitOptions.TrimEntries),
                _ => [value],
            };
            if (op == "between" && values.Length != 2)
                throw CloudApiException.BadRequest($"{name}: between takes two values separated by |");
            return new DataFilter(path, op, values);
        }
        return null;
    }

    public bool Matches(JsonObject row)
    {
        JsonNode? node = row;
        foreach (var segment in Path)
        {
            node = node is JsonObject obj && obj.TryGetPropertyValue(segment, out var child) ? child : null;
            if (node is null) break;
        }
        var actual = Text(node);
        if (actual is null) return Operator == "ne";

        return Operator switch
        {
            "eq" => Compare(actual, Values[0]) == 0,
            "ne" => Compare(actual, Values[0]) != 0,
            "gt" => Compare(actual, Values[0]) > 0,
            "gte" => Compare(actual, Values[0]) >= 0,
            "lt" => Compare(actual, Values[0]) < 0,
            "lte" => Compare(actual, Values[0]) <= 0,
            "in" => Values.Any(v => Compare(actual, v) == 0),
            "between" => Compare(actual, Values[0]) >= 0 && Compare(actual, Values[1]) <= 0,
            "like" => Like(actual, Values[0], ignoreCase: false),
            "ilike" => Like(actual, Values[0], ignoreCase: true),
            _ => false,
        };
    }

    static string? Text(JsonNode? node) => node switch
    {
        JsonValue value when value.GetValueKind() == JsonValueKind.String => value.GetValue<string>(),
        JsonValue value when value.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.ToJsonString(),
        _ => null,
    };

    static int Compare(string actual, string expected)
    {
        if (decimal.TryParse(actual, NumberStyles.Float, CultureInfo.InvariantCulture, out var a)
            && decimal.TryParse(expected, NumberStyles.Float, CultureInfo.InvariantCulture, out var b))
            return a.CompareTo(b);
        if (LooksLikeDate(actual) && LooksLikeDate(expected)
            && CloudTime.TryParse(actual, out var left) && CloudTime.TryParse(expected, out var right))
            return left.CompareTo(right);
        return string.CompareOrdinal(actual, expected);
    }

    /// <summary>Only ISO-looking text is a date; "12" or "May" must stay strings.</summary>
    static bool LooksLikeDate(string text) => text.Length >= 10 && char.IsAsciiDigit(text[0]) && text[4] == '-';

    static bool Like(string actual, string pattern, bool ignoreCase)
    {
        var regex = "^" + Regex.Escape(pattern).Replace("%", ".*").Replace("_", ".") + "$";
        var options = RegexOptions.Singleline | RegexOptions.CultureInvariant | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None);
        return Regex.IsMatch(actual, regex, options, TimeSpan.FromMilliseconds(200));
    }
}
