namespace BlnkSliceApp.DevCloud.Stripe.Objects;

public sealed class PayoutRecord : StripeRecord
{
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public required long ArrivalDate { get; init; }
    public bool Automatic { get; init; } = true;
    public required string BalanceTransactionId { get; init; }
    public string Destination { get; init; } = "ba_1BlnkSliceEmulatorBank";

    /// <summary>A payout can be "paid" and later turn "failed", as on Stripe.</summary>
    public string Status { get; internal set; } = "paid";
    public string? FailureBalanceTransactionId { get; internal set; }
    public string? FailureCode { get; internal set; }
    public string? FailureMessage { get; internal set; }

    public override string ObjectName => "payout";

    static readonly IReadOnlySet<string> Expandables = new HashSet<string> { "balance_transaction", "failure_balance_transaction" };
    internal override IReadOnlySet<string> ExpandableFields => Expandables;

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        j.WriteNumber("amount", Amount);
        j.WriteNull("application_fee");
        j.WriteNull("application_fee_amount");
        j.WriteNumber("arrival_date", ArrivalDate);
        j.WriteBoolean("automatic", Automatic);
        w.Expandable("balance_transaction", BalanceTransactionId, expand);
        j.WriteNumber("created", Created);
        j.WriteString("currency", Currency);
        j.WriteString("description", "STRIPE PAYOUT");
        j.WriteString("destination", Destination);
        w.Expandable("failure_balance_transaction", FailureBalanceTransactionId, expand);
        w.StringOrNull("failure_code", FailureCode);
        w.StringOrNull("failure_message", FailureMessage);
        w.Common();
        w.Metadata(null);
        j.WriteString("method", "standard");
        j.WriteNull("original_payout");
        j.WriteString("reconciliation_status", Automatic ? "completed" : "not_applicable");
        j.WriteNull("reversed_by");
        j.WriteString("source_type", "card");
        j.WriteNull("statement_descriptor");
        j.WriteString("status", Status);
        j.WriteString("type", "bank_account");
    }
}
