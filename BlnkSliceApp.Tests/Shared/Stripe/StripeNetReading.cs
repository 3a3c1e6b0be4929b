using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync;
using Stripe;

namespace BlnkSliceApp.Tests.Shared.Stripe;

/// <summary>
/// What the sync read of a page when Stripe.net's model read it, in the app's terms: the yardstick
/// <see cref="BalanceTransactionPageReader"/> is held to. Each field here is the one the mapping,
/// the listing and the payouts took from Stripe.net's objects before.
/// </summary>
public static class StripeNetReading
{
    public static List<StripeBalanceTransaction> Page(string json) =>
        (JsonSerializer.Deserialize<StripeList<BalanceTransaction>>(json, StripeConfiguration.SerializerOptions)!.Data ?? []).Select(Of).ToList();

    public static StripeBalanceTransaction Of(BalanceTransaction t) => new()
    {
        Id = t.Id,
        Amount = t.Amount,
        Fee = t.Fee,
        Net = t.Net,
        Currency = t.Currency,
        Type = t.Type,
        ReportingCategory = t.ReportingCategory,
        BalanceType = t.BalanceType,
        Description = t.Description,
        Created = new DateTimeOffset(DateTime.SpecifyKind(t.Created, DateTimeKind.Utc)).ToUnixTimeSeconds(),
        FeeDetails = (t.FeeDetails ?? []).Select(d => new StripeFeeDetail(d.Type, d.Amount, d.Application)).ToList(),
        SourceId = t.SourceId ?? t.Source?.Id,
        Source = t.Source switch
        {
            Charge charge => ChargeOf(charge),
            Refund refund => new StripeSourceRefund
            {
                Id = refund.Id, ChargeId = refund.ChargeId, Charge = refund.Charge is { } c ? ChargeOf(c) : null,
                PaymentIntentId = refund.PaymentIntentId, BalanceTransactionId = refund.BalanceTransactionId,
            },
            Dispute dispute => new StripeSourceDispute
            {
                Id = dispute.Id, ChargeId = dispute.ChargeId, Charge = dispute.Charge is { } c ? ChargeOf(c) : null, PaymentIntentId = dispute.PaymentIntentId,
                BalanceTransactions = (dispute.BalanceTransactions ?? []).Select(b => new StripeDisputeTransaction(b.Id, b.ReportingCategory)).ToList(),
            },
            Payout payout => StripeSourcePayout.From(payout),
            // Kinds the sync never read a field of: their id is all it used.
            _ => null,
        },
    };

    static StripeSourceCharge ChargeOf(Charge charge) => new()
    {
        Id = charge.Id, CustomerId = charge.CustomerId, Customer = CustomerOf(charge.Customer),
        PaymentIntentId = charge.PaymentIntentId, BalanceTransactionId = charge.BalanceTransactionId,
    };

    static StripeCustomerInfo? CustomerOf(Customer? customer) =>
        customer?.Id is not { Length: > 0 } id ? null
        : customer.Deleted == true ? new StripeCustomerInfo(id, null, null, null, Deleted: true)
        : new StripeCustomerInfo(id, customer.Email, customer.Name, customer.Phone, Deleted: false);

    /// <summary>Every field of the transactions, sources by kind, as text: records holding lists do not compare by value.</summary>
    public static string Described(IEnumerable<StripeBalanceTransaction> transactions) =>
        JsonSerializer.Serialize(transactions, Describing);

    static readonly JsonSerializerOptions Describing = new()
    {
        WriteIndented = true,
        TypeInfoResolver = new DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    if (info.Type != typeof(StripeSource)) return;
                    info.PolymorphismOptions = new JsonPolymorphismOptions
                    {
                        DerivedTypes =
                        {
                            new JsonDerivedType(typeof(StripeSourceCharge), "charge"),
                            new JsonDerivedType(typeof(StripeSourceRefund), "refund"),
                            new JsonDerivedType(typeof(StripeSourceDispute), "dispute"),
                            new JsonDerivedType(typeof(StripeSourcePayout), "payout"),
                        },
                    };
                },
            },
        },
    };
}
