using System.Runtime.InteropServices;
using BlnkSliceApp.DevCloud.Stripe.Objects;
using BlnkSliceApp.DevCloud.Stripe.Seeding;

namespace BlnkSliceApp.DevCloud.Stripe;

/// <summary>
/// The emulated Stripe account: every object, behind one lock. The balance is never stored;
/// it is summed from the balance transactions on every read, so the two cannot drift.
/// </summary>
public sealed partial class StripeAccountState
{
    readonly Lock _gate = new();
    readonly TimeProvider _clock;
    readonly Random _random;
    readonly IdGenerator _ids;
    long _seq;
    bool _bulk;

    internal readonly RecordTable<CustomerRecord> CustomerTable = new();
    internal readonly RecordTable<ChargeRecord> ChargeTable = new();
    internal readonly RecordTable<PaymentIntentRecord> PaymentIntentTable = new();
    internal readonly RecordTable<RefundRecord> RefundTable = new();
    internal readonly RecordTable<DisputeRecord> DisputeTable = new();
    internal readonly RecordTable<PayoutRecord> PayoutTable = new();
    internal readonly RecordTable<BalanceTransactionRecord> BalanceTransactionTable = new();

    internal StripeAccountState(string accountId, TimeProvider clock, int seed, long anchor)
    {
        AccountId = accountId;
        _clock = clock;
        // A separate stream from the seed script's, so activity added later does not shift the seed.
        _random = new Random(unchecked(seed * 31 + 7));
        _ids = new IdGenerator(_random);
        Anchor = anchor;
    }

    public string AccountId { get; }

    /// <summary>Unix seconds the seeded history ends at; seeded objects are all older.</summary>
    public long Anchor { get; }

    public long Now => _clock.GetUtcNow().ToUnixTimeSeconds();

    public StripeCounts Counts => Read(() => new StripeCounts(
        CustomerTable.Count, CustomerTable.Ordered.Count(c => c.Deleted), ChargeTable.Count,
        PaymentIntentTable.Count, RefundTable.Count, DisputeTable.Count, PayoutTable.Count,
        BalanceTransactionTable.Count));

    public IReadOnlyList<CustomerRecord> Customers => Read(() => CustomerTable.Ordered.ToArray());
    public IReadOnlyList<ChargeRecord> Charges => Read(() => ChargeTable.Ordered.ToArray());
    public IReadOnlyList<PaymentIntentRecord> PaymentIntents => Read(() => PaymentIntentTable.Ordered.ToArray());
    public IReadOnlyList<RefundRecord> Refunds => Read(() => RefundTable.Ordered.ToArray());
    public IReadOnlyList<DisputeRecord> Disputes => Read(() => DisputeTable.Ordered.ToArray());
    public IReadOnlyList<PayoutRecord> Payouts => Read(() => PayoutTable.Ordered.ToArray());
    public IReadOnlyList<BalanceTransactionRecord> BalanceTransactions => Read(() => BalanceTransactionTable.Ordered.ToArray());

    /// <summary>What <c>GET /v1/balance</c> answers now: net sums per currency and status.</summary>
    public StripeBalance Balance() => Read(() => ComputeBalance(Now));

    internal StripeBalance ComputeBalance(long now)
    {
        // One dictionary probe per transaction: this runs over every transaction on each request.
        var sums = new Dictionary<string, (long Available, long Pending)>(StringComparer.Ordinal);
        foreach (var txn in BalanceTransactionTable.Ordered)
        {
            ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(sums, txn.Currency, out _);
            if (txn.IsAvailableAt(now)) sum.Available += txn.Net;
            else sum.Pending += txn.Net;
        }
        var available = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var pending = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (currency, sum) in sums)
        {
            available[currency] = sum.Available;
            pending[currency] = sum.Pending;
        }
        return new StripeBalance(available, pending);
    }

    internal T Read<T>(Func<T> read)
    {
        lock (_gate) return read();
    }

    internal void Write(Action<StripeAccountState> write)
    {
        lock (_gate) write(this);
    }

    internal T Write<T>(Func<StripeAccountState, T> write)
    {
        lock (_gate) return write(this);
    }

    /// <summary>Finds any object by id; the caller holds the lock.</summary>
    internal StripeRecord? Resolve(string id)
    {
        var prefix = id.AsSpan(0, Math.Max(0, id.IndexOf('_')));
        return prefix switch
        {
            "cus" => CustomerTable.Find(id),
            "ch" or "py" => ChargeTable.Find(id),
            "pi" => PaymentIntentTable.Find(id),
            "re" or "pyr" => RefundTable.Find(id),
            "dp" or "du" => DisputeTable.Find(id),
            "po" => PayoutTable.Find(id),
            "txn" => BalanceTransactionTable.Find(id),
            _ => null,
        };
    }
}

public sealed record StripeCounts(
    int Customers, int DeletedCustomers, int Charges, int PaymentIntents, int Refunds,
    int Disputes, int Payouts, int BalanceTransactions);

/// <summary>Per-currency sums of <c>net</c>, split as Stripe splits its balance.</summary>
public sealed record StripeBalance(
    IReadOnlyDictionary<string, long> Available, IReadOnlyDictionary<string, long> Pending)
{
    public long Total(string currency) =>
        Available.GetValueOrDefault(currency) + Pending.GetValueOrDefault(currency);
}
