namespace BlnkSliceApp.DevCloud.Stripe.Objects;

/// <summary>
/// One line of Stripe's own ledger. Its status is derived from <see cref="AvailableOn"/> and
/// the clock, as on Stripe, so the balance (also derived) can never disagree with the lines.
/// </summary>
public sealed class BalanceTransactionRecord : StripeRecord
{
    public required long Amount { get; init; }
    public long Fee { get; init; }
    public long Net => Amount - Fee;
    public required string Currency { get; init; }
    public required string Type { get; init; }
    public required string ReportingCategory { get; init; }
    public string? SourceId { get; init; }
    public required long AvailableOn { get; init; }
    public string? Description { get; init; }
    public decimal? ExchangeRate { get; init; }
    public IReadOnlyList<FeeDetail> FeeDetails { get; init; } = [];

    /// <summary>Which of Stripe's balances this moves: "payments", "issuing" or "refund_and_dispute_prefunding".</summary>
    public string BalanceType { get; init; } = BalanceTypes.Payments;

    /// <summary>
    /// The automatic payout that paid this transaction out (and, for a payout's own transaction,
    /// that payout): what <c>GET /v1/balance_transactions?payout=</c> filters on. Not a field of
    /// Stripe's object; null while the money is still in the balance.
    /// </summary>
    public string? PayoutId { get; internal set; }

    public bool IsAvailableAt(long now) => AvailableOn <= now;

    public override string ObjectName => "balance_transaction";

    static readonly IReadOnlySet<string> Expandables = new HashSet<string> { "source" };
    internal override IReadOnlySet<string> ExpandableFields => Expandables;

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        j.WriteNumber("amount", Amount);
        j.WriteNumber("available_on", AvailableOn);
        j.WriteString("balance_type", BalanceType);
        j.WriteNumber("created", Created);
        j.WriteString("currency", Currency);
        w.StringOrNull("description", Description);
        if (ExchangeRate is { } rate) j.WriteNumber("exchange_rate", rate);
        else j.WriteNull("exchange_rate");
        j.WriteNumber("fee", Fee);
        j.WriteStartArray("fee_details");
        foreach (var fee in FeeDetails)
        {
            j.WriteStartObject();
            j.WriteNumber("amount", fee.Amount);
            w.StringOrNull("application", fee.Application);
            j.WriteString("currency", Currency);
            j.WriteString("description", fee.Description);
            j.WriteString("type", fee.Type);
            j.WriteEndObject();
        }
        j.WriteEndArray();
        j.WriteNumber("net", Net);
        j.WriteString("reporting_category", ReportingCategory);
        w.Expandable("source", SourceId, expand);
        j.WriteString("status", IsAvailableAt(w.Now) ? "available" : "pending");
        j.WriteString("type", Type);
    }
}

/// <summary>
/// One part of a balance transaction's fee; the parts add up to <c>fee</c>. Type is one of
/// Stripe's: stripe_fee, tax (tax on Stripe's fees), application_fee (with the Connect
/// application that took it), payment_method_passthrough_fee, withheld_tax.
/// </summary>
public sealed record FeeDetail(long Amount, string Type, string Description, string? Application = null);

/// <summary>The balances a balance transaction's <c>balance_type</c> names.</summary>
public static class BalanceTypes
{
    public const string Payments = "payments";
    public const string Issuing = "issuing";
    public const string RefundAndDisputePrefunding = "refund_and_dispute_prefunding";
}
