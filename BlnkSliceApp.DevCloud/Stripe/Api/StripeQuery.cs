using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace BlnkSliceApp.DevCloud.Stripe.Api;

/// <summary>
/// A request's query string read the way Stripe reads it: <c>expand[]</c> and Stripe.net's
/// <c>expand[0]</c> alike, <c>created</c> as a timestamp or a range, and anything unknown refused.
/// </summary>
public sealed class StripeQuery
{
    public const int DefaultLimit = 10;
    public const int MaxLimit = 100;

    public int Limit { get; private init; } = DefaultLimit;
    public string? StartingAfter { get; private init; }
    public string? EndingBefore { get; private init; }
    public long CreatedFrom { get; private set; } = long.MinValue; // inclusive
    public long CreatedTo { get; private set; } = long.MaxValue;   // inclusive
    public List<string> Expand { get; } = [];
    public Dictionary<string, string> Filters { get; } = new(StringComparer.Ordinal);

    /// <param name="filters">The resource's own filters (for example "customer"); null for a retrieve, which takes only expand.</param>
    public static StripeQuery Parse(IQueryCollection query, IReadOnlySet<string>? filters)
    {
        var isList = filters is not null;
        string? limit = null, startingAfter = null, endingBefore = null;
        var created = new List<(string Op, string Value)>();
        var result = new List<(string, string)>();
        var expand = new List<string>();

        foreach (var (rawKey, values) in query)
        {
            var key = rawKey;
            var value = values.ToString();
            if (IsArrayKey(key, "expand"))
            {
                expand.AddRange(values.Where(v => !string.IsNullOrEmpty(v))!);
                continue;
            }
            if (!isList) throw Unknown(key);
            switch (key)
            {
                case "limit": limit = value; break;
                case "starting_after": startingAfter = value; break;
                case "ending_before": endingBefore = value; break;
                case "created": created.Add(("eq", value)); break;
                case "created[gt]": created.Add(("gt", value)); break;
                case "created[gte]": created.Add(("gte", value)); break;
                case "created[lt]": created.Add(("lt", value)); break;
                case "created[lte]": created.Add(("lte", value)); break;
                default:
                    if (!filters!.Contains(key)) throw Unknown(key);
                    result.Add((key, value));
                    break;
            }
        }

        if (startingAfter is not null && endingBefore is not null)
            throw StripeApiException.BadRequest(
                "You may only specify one of these parameters: ending_before, starting_after.", "ending_before");

        var parsed = new StripeQuery
        {
            Limit = limit is null ? DefaultLimit : ParseLimit(limit),
            StartingAfter = EmptyToNull(startingAfter, "starting_after"),
            EndingBefore = EmptyToNull(endingBefore, "ending_before"),
        };
        parsed.Expand.AddRange(expand);
        foreach (var (key, value) in result) parsed.Filters[key] = value;
        foreach (var (op, value) in created) parsed.ApplyCreated(op, value);
        return parsed;
    }

    static bool IsArrayKey(string key, string name) =>
        key == name || (key.StartsWith(name + "[", StringComparison.Ordinal) && key.EndsWith(']')
                        && key[(name.Length + 1)..^1].All(char.IsAsciiDigit));

    static StripeApiException Unknown(string key) =>
        StripeApiException.BadRequest($"Received unknown parameter: {key}", key, "parameter_unknown");

    static string? EmptyToNull(string? value, string param) => value switch
    {
        null => null,
        "" => throw StripeApiException.BadRequest($"Invalid {param}: must not be empty", param),
        _ => value,
    };

    static int ParseLimit(string value)
    {
        if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var limit))
            throw StripeApiException.BadRequest($"Invalid integer: {value}", "limit", "parameter_invalid_integer");
        if (limit is < 1 or > MaxLimit)
            throw StripeApiException.BadRequest(
                $"This value must be greater than or equal to 1 and less than or equal to {MaxLimit} (it currently is {limit}).",
                "limit", "parameter_invalid_integer");
        return limit;
    }

    void ApplyCreated(string op, string value)
    {
        var param = op == "eq" ? "created" : $"created[{op}]";
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var at))
            throw StripeApiException.BadRequest($"Invalid integer: {value}", param, "parameter_invalid_integer");
        switch (op)
        {
            case "eq": CreatedFrom = Math.Max(CreatedFrom, at); CreatedTo = Math.Min(CreatedTo, at); break;
            case "gt": CreatedFrom = Math.Max(CreatedFrom, at == long.MaxValue ? at : at + 1); break;
            case "gte": CreatedFrom = Math.Max(CreatedFrom, at); break;
            case "lt": CreatedTo = Math.Min(CreatedTo, at == long.MinValue ? at : at - 1); break;
            case "lte": CreatedTo = Math.Min(CreatedTo, at); break;
        }
    }
}
