using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace BlnkSliceApp.DevCloud.Cloud.Ledger;

/// <summary>
/// A validated <c>POST /transactions</c> body. Validation follows Blnk Core: currency,
/// reference and description required; exactly one of <c>amount</c> (float) or
/// <c>precise_amount</c> (integer) with <c>precision</c> a power of ten (0 read as 1);
/// never negative; source differs from destination.
/// </summary>
public sealed record TransactionRequest(
    BigInteger PreciseAmount,
    BigInteger Precision,
    string Currency,
    string Reference,
    string Description,
    string Source,
    string Destination,
    bool AllowOverdraft,
    bool SkipQueue,
    DateTimeOffset? EffectiveDate,
    JsonObject MetaData)
{
    public static TransactionRequest Parse(JsonObject body, bool? skipQueueOverride = null)
    {
        var currency = RequiredText(body, "currency");
        var reference = RequiredText(body, "reference");
        var description = RequiredText(body, "description");
        var source = RequiredText(body, "source");
        var destination = RequiredText(body, "destination");
        if (string.Equals(source, destination, StringComparison.Ordinal))
            throw CloudApiException.BadRequest("source and destination cannot be the same");

        if (Flag(body, "inflight"))
            throw CloudApiException.BadRequest("inflight transactions are not emulated by DevCloud");

        var precision = BigInteger.One;
        if (body["precision"] is { } precisionNode)
        {
            if (!ExactNumber.TryInteger(precisionNode, out precision) || precision.Sign < 0)
                throw CloudApiException.BadRequest("precision must be a whole number");
            if (precision.IsZero) precision = BigInteger.One;
            if (!ExactNumber.IsPowerOfTen(precision))
                throw CloudApiException.BadRequest("precision must be a power of ten (1, 10, 100, ...)");
        }

        var hasAmount = Present(body, "amount");
        var hasPrecise = Present(body, "precise_amount");
        if (hasAmount == hasPrecise)
            throw CloudApiException.BadRequest("send exactly one of amount or precise_amount");

        BigInteger units;
        if (hasPrecise)
        {
            if (!ExactNumber.TryInteger(body["precise_amount"], out units))
                throw CloudApiException.BadRequest("precise_amount must be a whole number");
        }
        else
        {
            if (!ExactNumber.TryDecimal(body["amount"], out var amount))
                throw CloudApiException.BadRequest("amount must be a number");
            if (amount < 0)
                throw CloudApiException.BadRequest("amount cannot be negative");
            // Core would silently truncate; the emulator refuses so a wrong precision shows up in tests.
            if (!ExactNumber.TryScale(amount, precision, out units))
                throw CloudApiException.BadRequest("amount has more decimal places than precision allows");
        }
        if (units.Sign < 0)
            throw CloudApiException.BadRequest("amount cannot be negative");

        DateTimeOffset? effective = null;
        if (body["effective_date"] is { } effectiveNode)
        {
            if (effectiveNode is not JsonValue value || value.GetValueKind() != JsonValueKind.String
                || !CloudTime.TryParse(value.GetValue<string>(), out var parsed))
                throw CloudApiException.BadRequest("effective_date must be an RFC 3339 date-time");
            effective = parsed;
        }

        return new TransactionRequest(units, precision, currency, reference, description, source, destination,
            Flag(body, "allow_overdraft"), skipQueueOverride ?? Flag(body, "skip_queue"), effective,
            MetaDataOf(body));
    }

    public static JsonObject MetaDataOf(JsonObject body) => body["meta_data"] switch
    {
        null => [],
        JsonObject meta => (JsonObject)meta.DeepClone(),
        _ => throw CloudApiException.BadRequest("meta_data must be an object"),
    };

    public static string RequiredText(JsonObject body, string name) =>
        OptionalText(body, name) ?? throw CloudApiException.BadRequest($"{name} is required");

    public static string? OptionalText(JsonObject body, string name)
    {
        var node = body[name];
        if (node is null) return null;
        if (node is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            throw CloudApiException.BadRequest($"{name} must be a string");
        var text = value.GetValue<string>();
        return string.IsNullOrWhiteSpace(text) ? null : text;
    }

    public static bool Flag(JsonObject body, string name) => body[name] switch
    {
        null => false,
        JsonValue value when value.GetValueKind() == JsonValueKind.True => true,
        JsonValue value when value.GetValueKind() == JsonValueKind.False => false,
        _ => throw CloudApiException.BadRequest($"{name} must be true or false"),
    };

    static bool Present(JsonObject body, string name) =>
        body.TryGetPropertyValue(name, out var node) && node is not null;
}
