namespace BlnkSliceApp.DevCloud.Stripe.Objects;

public sealed class PayoutRecord : StripeRecord
{
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public long ArrivalDate { get; internal set; }
    public bool Automatic { get; init; } = true;
    public required string BalanceTransactionId { get; init; }
    public string Destination { get; init; } = "ba_1BlnkSliceEmulatorBank";

    /// <summary>pending, in_transit, paid, failed or canceled; a payout can be "paid" and later turn "failed", as on Stripe.</summary>
    public string Status { get; internal set; } = "paid";

    /// <summary>
    /// Whether Stripe has worked out which balance transactions the payout holds: in_progress
    /// for a few minutes after an automatic payout is made, then completed; manual payouts are
    /// not_applicable (Stripe cannot tell what they hold).
    /// </summary>
    public string ReconciliationStatus { get; internal set; } = "completed";

    /// <summary>The bank's trace id, given once the payout has left Stripe (see <see cref="TraceIdStatus"/>).</summary>
    public string? TraceIdValue { get; init; }

    public string? FailureBalanceTransactionId { get; internal set; }
    public string? FailureCode { get; internal set; }
    public string? FailureMessage { get; internal set; }

    /// <summary>Stripe's trace_id.status: pending while the payout is pending or in transit, then supported (or unsupported, without a value).</summary>
    public string TraceIdStatus => Status is "pending" or "in_transit" ? "pending" : TraceIdValue is null ? "unsupported" : "supported";

    public bool IsFinal => Status is "failed" or "canceled";

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
        j.WriteString("reconciliation_status", ReconciliationStatus);
        j.WriteNull("reversed_by");
        j.WriteString("source_type", "card");
        j.WriteNull("statement_descriptor");
        j.WriteString("status", Status);
        j.WriteStartObject("trace_id");
        j.WriteString("status", TraceIdStatus);
        w.StringOrNull("value", TraceIdStatus == "supported" ? TraceIdValue : null);
        j.WriteEndObject();
        j.WriteString("type", "bank_account");
    }
}
