namespace BlnkSliceApp.DevCloud.Stripe.Objects;

public sealed class PaymentIntentRecord : StripeRecord
{
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public string? CustomerId { get; init; }
    public required string LatestChargeId { get; init; }
    public string? Description { get; init; }
    public string PaymentMethodType { get; init; } = "card";
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>What was captured; less than <see cref="Amount"/> after a partial capture (capture_method manual).</summary>
    public long? AmountReceived { get; internal set; }

    public override string ObjectName => "payment_intent";

    static readonly IReadOnlySet<string> Expandables = new HashSet<string> { "customer", "latest_charge" };
    internal override IReadOnlySet<string> ExpandableFields => Expandables;

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        j.WriteNumber("amount", Amount);
        j.WriteNumber("amount_capturable", 0);
        j.WriteNumber("amount_received", AmountReceived ?? Amount);
        j.WriteNull("application");
        j.WriteNull("application_fee_amount");
        j.WriteNull("canceled_at");
        j.WriteNull("cancellation_reason");
        j.WriteString("capture_method", AmountReceived is null ? "automatic" : "manual");
        j.WriteNull("client_secret");
        j.WriteString("confirmation_method", "automatic");
        j.WriteNumber("created", Created);
        j.WriteString("currency", Currency);
        w.Expandable("customer", CustomerId, expand);
        w.StringOrNull("description", Description);
        j.WriteNull("last_payment_error");
        w.Expandable("latest_charge", LatestChargeId, expand);
        w.Common();
        w.Metadata(Metadata);
        j.WriteNull("next_action");
        j.WriteNull("on_behalf_of");
        j.WriteString("payment_method", "pm_" + LatestChargeId[3..]);
        j.WriteStartArray("payment_method_types");
        j.WriteStringValue(PaymentMethodType);
        j.WriteEndArray();
        j.WriteNull("receipt_email");
        j.WriteNull("setup_future_usage");
        j.WriteNull("statement_descriptor");
        j.WriteString("status", "succeeded");
    }
}
