namespace BlnkSliceApp.DevCloud.Stripe.Objects;

/// <summary>A card charge (<c>ch_</c>) or a non-card payment (<c>py_</c>); both are Stripe charges.</summary>
public sealed class ChargeRecord : StripeRecord
{
    public required long Amount { get; init; }
    public required string Currency { get; init; }
    public string? CustomerId { get; init; }
    public required string PaymentIntentId { get; init; }
    public required string BalanceTransactionId { get; init; }
    public string? BillingEmail { get; init; }
    public string? BillingName { get; init; }
    public string? Description { get; init; }

    /// <summary>"card" or "sepa_debit": decides the balance transaction type (charge or payment).</summary>
    public string PaymentMethodType { get; init; } = "card";

    /// <summary>
    /// What landed in the balance: differs from amount and currency when the customer paid in
    /// another currency (the balance transaction then carries an exchange rate).
    /// </summary>
    public required string SettlementCurrency { get; init; }
    public required long SettlementAmount { get; init; }

    public long AmountRefunded { get; internal set; }
    public bool Disputed { get; internal set; }

    /// <summary>
    /// What was captured of the authorised amount; less than it after a partial capture, when
    /// Stripe refunds the rest at once (a partial_capture_reversal, counted in amount_refunded).
    /// </summary>
    public long AmountCaptured { get; internal set; }

    /// <summary>"succeeded", or "failed" once a bank debit failed after it had succeeded.</summary>
    public string Status { get; internal set; } = "succeeded";
    public string? FailureBalanceTransactionId { get; internal set; }
    public string? FailureCode { get; internal set; }
    public string? FailureMessage { get; internal set; }

    /// <summary>The application fee a platform took (a charge on a connected account), with its Connect application.</summary>
    public string? ApplicationId { get; init; }
    public long? ApplicationFeeAmount { get; init; }

    public bool Refunded => AmountRefunded >= Amount;
    public long Refundable => Status == "succeeded" ? Amount - AmountRefunded : 0;

    public override string ObjectName => "charge";

    static readonly IReadOnlySet<string> Expandables = new HashSet<string> { "customer", "payment_intent", "balance_transaction", "failure_balance_transaction" };
    internal override IReadOnlySet<string> ExpandableFields => Expandables;

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        j.WriteNumber("amount", Amount);
        j.WriteNumber("amount_captured", AmountCaptured);
        j.WriteNumber("amount_refunded", AmountRefunded);
        w.StringOrNull("application", ApplicationId);
        j.WriteNull("application_fee");
        w.NumberOrNull("application_fee_amount", ApplicationFeeAmount);
        w.Expandable("balance_transaction", BalanceTransactionId, expand);
        j.WriteStartObject("billing_details");
        j.WriteStartObject("address");
        foreach (var field in (string[])["city", "country", "line1", "line2", "postal_code", "state"])
            j.WriteNull(field);
        j.WriteEndObject();
        w.StringOrNull("email", BillingEmail);
        w.StringOrNull("name", BillingName);
        j.WriteNull("phone");
        j.WriteEndObject();
        j.WriteString("calculated_statement_descriptor", "BLNKSLICE");
        j.WriteBoolean("captured", AmountCaptured > 0);
        j.WriteNumber("created", Created);
        j.WriteString("currency", Currency);
        w.Expandable("customer", CustomerId, expand);
        w.StringOrNull("description", Description);
        j.WriteBoolean("disputed", Disputed);
        w.Expandable("failure_balance_transaction", FailureBalanceTransactionId, expand);
        w.StringOrNull("failure_code", FailureCode);
        w.StringOrNull("failure_message", FailureMessage);
        j.WriteStartObject("fraud_details");
        j.WriteEndObject();
        w.Common();
        w.Metadata(null);
        j.WriteNull("on_behalf_of");
        j.WriteStartObject("outcome");
        j.WriteString("network_status", "approved_by_network");
        j.WriteNull("reason");
        j.WriteString("risk_level", "normal");
        j.WriteString("seller_message", Status == "succeeded" ? "Payment complete." : "The bank returned the payment.");
        j.WriteString("type", "authorized");
        j.WriteEndObject();
        j.WriteBoolean("paid", true);
        w.Expandable("payment_intent", PaymentIntentId, expand);
        j.WriteString("payment_method", "pm_" + Id[3..]);
        WritePaymentMethodDetails(j);
        w.StringOrNull("receipt_email", BillingEmail);
        j.WriteBoolean("refunded", Refunded);
        j.WriteNull("review");
        j.WriteNull("statement_descriptor");
        j.WriteString("status", Status);
    }

    void WritePaymentMethodDetails(System.Text.Json.Utf8JsonWriter j)
    {
        j.WriteStartObject("payment_method_details");
        j.WriteString("type", PaymentMethodType);
        j.WriteStartObject(PaymentMethodType);
        if (PaymentMethodType == "card")
        {
            j.WriteString("brand", "visa");
            j.WriteString("country", "US");
            j.WriteNumber("exp_month", 12);
            j.WriteNumber("exp_year", 2030);
            j.WriteString("funding", "credit");
            j.WriteString("last4", "4242");
        }
        else
        {
            j.WriteString("bank_code", "37040044");
            j.WriteString("country", "DE");
            j.WriteString("last4", "3000");
        }
        j.WriteEndObject();
        j.WriteEndObject();
    }
}
