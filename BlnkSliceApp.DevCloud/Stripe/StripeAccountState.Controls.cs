using BlnkSliceApp.DevCloud.Stripe.Objects;
using BlnkSliceApp.DevCloud.Stripe.Seeding;

namespace BlnkSliceApp.DevCloud.Stripe;

/// <summary>What tests, benchmarks and the DevCloud page do to the account between syncs.</summary>
public sealed partial class StripeAccountState
{
    public const int MaxActivityPerKind = 1_000;
    public const int MaxLargeBalanceTransactions = 2_000_000;

    /// <summary>
    /// New payments, refunds and payouts dated now, so an incremental sync (created after its
    /// last cursor) has something to find. Refunds and payouts never overdraw the balance; when
    /// no charge or balance allows one, fewer are made and the result says so.
    /// </summary>
    public StripeActivityResult AddActivity(StripeActivityRequest request)
    {
        request.Validate();
        return Write(s => s.AddActivityLocked(request));
    }

    StripeActivityResult AddActivityLocked(StripeActivityRequest request)
    {
        var now = Now;
        var result = new StripeActivityResult();
        for (var i = 0; i < request.Customers; i++)
        {
            var first = Names.First[_random.Next(Names.First.Length)];
            var last = Names.Last[_random.Next(Names.Last.Length)];
            var email = $"{first}.{last}.new{CustomerTable.Count}@example.com".ToLowerInvariant();
            result.CustomerIds.Add(CreateCustomer(_ids, now, email, $"{first} {last}", null).Id);
        }
        var living = CustomerTable.Ordered.Where(c => !c.Deleted).ToList();
        for (var i = 0; i < request.Payments; i++)
        {
            var currency = request.Currency ?? AccountSeeder.PickCurrency(_random);
            var customer = living.Count == 0 || _random.Next(10) == 0 ? null : living[_random.Next(living.Count)];
            var charge = CreatePayment(_ids, now, currency, CurrencyRules.RandomAmount(_random, currency), customer);
            result.Add(charge);
        }
        for (var i = 0; i < request.Refunds; i++)
        {
            var available = ComputeBalance(now).Available;
            var candidates = ChargeTable.Ordered
                .Where(c => c.Refundable > 0 && (request.Currency is null || c.Currency == request.Currency)
                            && c.Currency == c.SettlementCurrency && available.GetValueOrDefault(c.Currency) >= c.Refundable)
                .ToList();
            if (candidates.Count == 0) break;
            var charge = candidates[_random.Next(candidates.Count)];
            var amount = _random.Next(2) == 0 ? charge.Refundable : Math.Max(CurrencyRules.Granularity(charge.Currency),
                CurrencyRules.RoundToStep(charge.Refundable / 2, charge.Currency));
            result.Add(CreateRefund(_ids, charge, amount, now));
        }
        for (var i = 0; i < request.Payouts; i++)
        {
            var available = ComputeBalance(now).Available
                .Where(a => (request.Currency is null || a.Key == request.Currency) && a.Value >= MinimumPayout(a.Key))
                .OrderBy(a => a.Key, StringComparer.Ordinal).ToList();
            if (available.Count == 0) break;
            var (currency, balance) = available[_random.Next(available.Count)];
            // A payout made now is pending, and Stripe takes a few minutes to work out what it holds.
            if (CreateAutomaticPayout(_ids, currency, balance / 2, now, status: "pending", reconciliation: "in_progress") is not { } payout) break;
            result.Add(payout);
        }
        return result;
    }

    /// <summary>
    /// Deletes a customer as Stripe does: gone from lists, a stub by id, still named by old charges.
    /// </summary>
    public void DeleteCustomer(string customerId) => Write(s =>
    {
        var customer = s.CustomerTable.Find(customerId) ?? throw new KeyNotFoundException($"No such customer: '{customerId}'");
        customer.Deleted = true;
        s.Emit("customer.deleted", customer);
    });

    /// <summary>Adds a large history (for benchmarks) to whatever is there; returns what was added.</summary>
    public LargeAccountResult GenerateLarge(int balanceTransactions, int customers)
    {
        if (balanceTransactions is < 1 or > MaxLargeBalanceTransactions)
            throw new ArgumentOutOfRangeException(nameof(balanceTransactions), $"Must be between 1 and {MaxLargeBalanceTransactions}.");
        if (customers is < 0 or > MaxLargeBalanceTransactions)
            throw new ArgumentOutOfRangeException(nameof(customers), $"Must be between 0 and {MaxLargeBalanceTransactions}.");
        return Write(s => LargeAccountGenerator.Generate(s, s._ids, s._random, balanceTransactions, customers));
    }

    /// <summary>A paid payout bounces: status turns failed and a payout_failure transaction returns the money.</summary>
    public BalanceTransactionRecord FailPayout(string payoutId, string failureCode = "account_closed")
    {
        var change = SetPayoutStatus(payoutId, "failed", failureCode);
        return Read(() => BalanceTransactionTable.Find(change.BalanceTransactionId!)!);
    }
}

public sealed record StripeActivityRequest
{
    /// <summary>New customers, created now (they have no payments yet).</summary>
    public int Customers { get; init; }
    public int Payments { get; init; } = 3;
    public int Refunds { get; init; } = 1;
    public int Payouts { get; init; } = 1;

    /// <summary>Limit the activity to one lower-case currency; null mixes the seeded ones.</summary>
    public string? Currency { get; init; }

    public void Validate()
    {
        foreach (var (name, value) in new[] { ("customers", Customers), ("payments", Payments), ("refunds", Refunds), ("payouts", Payouts) })
            if (value is < 0 or > StripeAccountState.MaxActivityPerKind)
                throw new ArgumentOutOfRangeException(name, $"{name} must be between 0 and {StripeAccountState.MaxActivityPerKind}.");
        if (Currency is not null && !CurrencyRules.Seeded.Contains(Currency))
            throw new ArgumentOutOfRangeException(nameof(Currency), $"currency must be one of {string.Join(", ", CurrencyRules.Seeded)}.");
    }
}

public sealed class StripeActivityResult
{
    public List<string> CustomerIds { get; } = [];
    public List<string> PaymentIntentIds { get; } = [];
    public List<string> ChargeIds { get; } = [];
    public List<string> RefundIds { get; } = [];
    public List<string> PayoutIds { get; } = [];
    public List<string> BalanceTransactionIds { get; } = [];

    internal void Add(ChargeRecord charge)
    {
        PaymentIntentIds.Add(charge.PaymentIntentId);
        ChargeIds.Add(charge.Id);
        BalanceTransactionIds.Add(charge.BalanceTransactionId);
    }

    internal void Add(RefundRecord refund)
    {
        RefundIds.Add(refund.Id);
        BalanceTransactionIds.Add(refund.BalanceTransactionId);
    }

    internal void Add(PayoutRecord payout)
    {
        PayoutIds.Add(payout.Id);
        BalanceTransactionIds.Add(payout.BalanceTransactionId);
    }
}

public sealed record LargeAccountResult(int BalanceTransactions, int Customers);
