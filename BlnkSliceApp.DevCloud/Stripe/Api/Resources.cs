using BlnkSliceApp.DevCloud.Stripe.Objects;

namespace BlnkSliceApp.DevCloud.Stripe.Api;

/// <summary>One listable, retrievable Stripe resource and the list filters Stripe offers for it.</summary>
public sealed record Resource(
    string Name, string Noun, Func<StripeAccountState, IRecordTable> Table,
    IReadOnlyDictionary<string, Func<StripeRecord, string, bool>> Filters,
    Func<StripeRecord, bool>? Listed = null)
{
    public IReadOnlySet<string> FilterNames { get; } = Filters.Keys.ToHashSet(StringComparer.Ordinal);

    public bool Matches(StripeRecord record, IReadOnlyDictionary<string, string> filters)
    {
        if (Listed is not null && !Listed(record)) return false;
        foreach (var (name, value) in filters)
            if (!Filters[name](record, value)) return false;
        return true;
    }
}

public static class Resources
{
    static Func<StripeRecord, string, bool> On<T>(Func<T, string?> field) where T : StripeRecord =>
        (record, value) => string.Equals(field((T)record), value, StringComparison.Ordinal);

    public static readonly IReadOnlyDictionary<string, Resource> ByName = new Resource[]
    {
        new("balance_transactions", "balance transaction", s => s.BalanceTransactionTable, new Dictionary<string, Func<StripeRecord, string, bool>>
        {
            ["type"] = On<BalanceTransactionRecord>(t => t.Type),
            ["source"] = On<BalanceTransactionRecord>(t => t.SourceId),
            ["currency"] = On<BalanceTransactionRecord>(t => t.Currency),
            // Narrowed further to what the payout's reconciliation lets Stripe list (see StripeRouter.Include).
            ["payout"] = On<BalanceTransactionRecord>(t => t.PayoutId),
        }),
        new("charges", "charge", s => s.ChargeTable, new Dictionary<string, Func<StripeRecord, string, bool>>
        {
            ["customer"] = On<ChargeRecord>(c => c.CustomerId),
            ["payment_intent"] = On<ChargeRecord>(c => c.PaymentIntentId),
        }),
        new("payment_intents", "payment_intent", s => s.PaymentIntentTable, new Dictionary<string, Func<StripeRecord, string, bool>>
        {
            ["customer"] = On<PaymentIntentRecord>(p => p.CustomerId),
        }),
        new("refunds", "refund", s => s.RefundTable, new Dictionary<string, Func<StripeRecord, string, bool>>
        {
            ["charge"] = On<RefundRecord>(r => r.ChargeId),
            ["payment_intent"] = On<RefundRecord>(r => r.PaymentIntentId),
        }),
        new("payouts", "payout", s => s.PayoutTable, new Dictionary<string, Func<StripeRecord, string, bool>>
        {
            ["status"] = On<PayoutRecord>(p => p.Status),
            ["destination"] = On<PayoutRecord>(p => p.Destination),
        }),
        new("disputes", "dispute", s => s.DisputeTable, new Dictionary<string, Func<StripeRecord, string, bool>>
        {
            ["charge"] = On<DisputeRecord>(d => d.ChargeId),
            ["payment_intent"] = On<DisputeRecord>(d => d.PaymentIntentId),
        }),
        new("topups", "topup", s => s.TopupTable, new Dictionary<string, Func<StripeRecord, string, bool>>
        {
            ["status"] = On<TopupRecord>(t => t.Status),
        }),
        new("transfers", "transfer", s => s.TransferTable, new Dictionary<string, Func<StripeRecord, string, bool>>
        {
            ["destination"] = On<TransferRecord>(t => t.DestinationAccountId),
        }),
        new("application_fees", "application_fee", s => s.ApplicationFeeTable, new Dictionary<string, Func<StripeRecord, string, bool>>()),
        // Stripe leaves deleted customers out of lists but still answers for them by id.
        new("customers", "customer", s => s.CustomerTable, new Dictionary<string, Func<StripeRecord, string, bool>>
        {
            ["email"] = On<CustomerRecord>(c => c.Email),
        }, Listed: r => !((CustomerRecord)r).Deleted),
    }.ToDictionary(r => r.Name, StringComparer.Ordinal);
}
