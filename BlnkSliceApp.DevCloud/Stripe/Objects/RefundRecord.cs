namespace BlnkSliceApp.DevCloud.Stripe.Objects;

public sealed class RefundRecord : StripeRecord
{
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required string ChargeId { get; init; }
    public required string PaymentIntentId { get; init; }
    public required string BalanceTransactionId { get; init; }
    public string? Reason { get; init; }

    public override string ObjectName => "refund";

    static readonly IReadOnlySet<string> Expandables = new HashSet<string> { "charge", "payment_intent", "balance_transaction" };
    internal override IReadOnlySet<string> ExpandableFields => Expandables;

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        j.WriteNumber("amount", Amount);
        w.Expandable("balance_transaction", BalanceTransactionId, expand);
        w.Expandable("charge", ChargeId, expand);
        j.WriteNumber("created", Created);
        j.WriteString("currency", Currency);
        j.WriteNull("destination_details");
        w.Metadata(null);
        w.Expandable("payment_intent", PaymentIntentId, expand);
        w.StringOrNull("reason", Reason);
        j.WriteNull("receipt_number");
        j.WriteNull("source_transfer_reversal");
        j.WriteString("status", "succeeded");
        j.WriteNull("transfer_reversal");
    }
}
