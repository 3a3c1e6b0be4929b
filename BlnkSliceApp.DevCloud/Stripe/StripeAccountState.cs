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
    internal readonly RecordTable<TopupRecord> TopupTable = new();
    internal readonly RecordTable<TransferRecord> TransferTable = new();
    internal readonly RecordTable<TransferReversalRecord> TransferReversalTable = new();
    internal readonly RecordTable<ApplicationFeeRecord> ApplicationFeeTable = new();
    internal readonly RecordTable<ApplicationFeeRefundRecord> ApplicationFeeRefundTable = new();
    internal readonly RecordTable<IssuingAuthorizationRecord> IssuingAuthorizationTable = new();
    internal readonly RecordTable<IssuingTransactionRecord> IssuingTransactionTable = new();
    internal readonly RecordTable<IssuingDisputeRecord> IssuingDisputeTable = new();

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
    public IReadOnlyList<TopupRecord> Topups => Read(() => TopupTable.Ordered.ToArray());
    public IReadOnlyList<TransferRecord> Transfers => Read(() => TransferTable.Ordered.ToArray());
    public IReadOnlyList<ApplicationFeeRecord> ApplicationFees => Read(() => ApplicationFeeTable.Ordered.ToArray());
    public IReadOnlyList<IssuingTransactionRecord> IssuingTransactions => Read(() => IssuingTransactionTable.Ordered.ToArray());

    /// <summary>Any object by id (a balance transaction's source, say), as the API would expand it.</summary>
    public StripeRecord? Find(string id) => Read(() => Resolve(id));

    /// <summary>What <c>GET /v1/balance</c> answers now: net sums per currency and status.</summary>
    public StripeBalance Balance() => Read(() => ComputeBalance(Now));

    internal StripeBalance ComputeBalance(long now)
    {
        // One dictionary probe per transaction: this runs over every transaction on each request.
        var sums = new Dictionary<string, (long Available, long Pending)>(StringComparer.Ordinal);
        Dictionary<(string BalanceType, string Currency), (long Available, long Pending)>? others = null;
        foreach (var txn in BalanceTransactionTable.Ordered)
        {
            if (txn.BalanceType == BalanceTypes.Payments)
            {
                ref var sum = ref CollectionsMarshal.GetValueRefOrAddDefault(sums, txn.Currency, out _);
                if (txn.IsAvailableAt(now)) sum.Available += txn.Net;
                else sum.Pending += txn.Net;
                continue;
            }
            others ??= [];
            ref var other = ref CollectionsMarshal.GetValueRefOrAddDefault(others, (txn.BalanceType, txn.Currency), out _);
            if (txn.IsAvailableAt(now)) other.Available += txn.Net;
            else other.Pending += txn.Net;
        }
        var available = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var pending = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var (currency, sum) in sums)
        {
            available[currency] = sum.Available;
            pending[currency] = sum.Pending;
        }
        var otherAvailable = new SortedDictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        var otherPending = new SortedDictionary<string, IReadOnlyDictionary<string, long>>(StringComparer.Ordinal);
        foreach (var group in (others ?? []).GroupBy(pair => pair.Key.BalanceType))
        {
            otherAvailable[group.Key] = new SortedDictionary<string, long>(group.ToDictionary(p => p.Key.Currency, p => p.Value.Available), StringComparer.Ordinal);
            otherPending[group.Key] = new SortedDictionary<string, long>(group.ToDictionary(p => p.Key.Currency, p => p.Value.Pending), StringComparer.Ordinal);
        }
        return new StripeBalance(available, pending) { OtherAvailable = otherAvailable, OtherPending = otherPending };
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
            "tu" => TopupTable.Find(id),
            "tr" => TransferTable.Find(id),
            "trr" => TransferReversalTable.Find(id),
            "fee" => ApplicationFeeTable.Find(id),
            "fr" => ApplicationFeeRefundTable.Find(id),
            "iauth" => IssuingAuthorizationTable.Find(id),
            "ipi" => IssuingTransactionTable.Find(id),
            "idp" => IssuingDisputeTable.Find(id),
            _ => null,
        };
    }
}

public sealed record StripeCounts(
    int Customers, int DeletedCustomers, int Charges, int PaymentIntents, int Refunds,
    int Disputes, int Payouts, int BalanceTransactions);

/// <summary>
/// Per-currency sums of <c>net</c>, split as Stripe splits its balance: <see cref="Available"/>
/// and <see cref="Pending"/> are the payments balance; the Issuing and refund-and-dispute
/// prefunding balances are kept apart, by balance type, as GET /v1/balance reports them.
/// </summary>
public sealed record StripeBalance(
    IReadOnlyDictionary<string, long> Available, IReadOnlyDictionary<string, long> Pending)
{
    static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> None = new Dictionary<string, IReadOnlyDictionary<string, long>>();
    static readonly IReadOnlyDictionary<string, long> Nothing = new Dictionary<string, long>();

    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> OtherAvailable { get; init; } = None;
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, long>> OtherPending { get; init; } = None;

    /// <summary>The payments balance (available plus pending) in one currency.</summary>
    public long Total(string currency) =>
        Available.GetValueOrDefault(currency) + Pending.GetValueOrDefault(currency);

    public long Total(string balanceType, string currency) => balanceType == BalanceTypes.Payments
        ? Total(currency)
        : AvailableOf(balanceType).GetValueOrDefault(currency) + PendingOf(balanceType).GetValueOrDefault(currency);

    public IReadOnlyDictionary<string, long> AvailableOf(string balanceType) =>
        balanceType == BalanceTypes.Payments ? Available : OtherAvailable.GetValueOrDefault(balanceType) ?? Nothing;

    public IReadOnlyDictionary<string, long> PendingOf(string balanceType) =>
        balanceType == BalanceTypes.Payments ? Pending : OtherPending.GetValueOrDefault(balanceType) ?? Nothing;

    /// <summary>Payments first, then every other balance type the account has moved money in.</summary>
    public IEnumerable<string> BalanceTypeNames => new[] { BalanceTypes.Payments }.Concat(OtherAvailable.Keys.Union(OtherPending.Keys).Order(StringComparer.Ordinal));
}
