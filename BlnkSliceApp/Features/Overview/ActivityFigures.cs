using System.Collections.Concurrent;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;
using LiteDB;

namespace BlnkSliceApp.Features.Overview;

/// <summary>
/// One currency's last 30 days, as each kind of activity moved the Stripe balance (minor units,
/// signed: a pay-in adds, a refund, fee or payout takes away), and the day-by-day volume.
/// </summary>
public sealed record CurrencyFigures(
    string Currency,
    long Precision,
    long PayIns,
    long Refunds,
    long Disputes,
    long Fees,
    long Payouts,
    long Other,
    long Net,
    int Items,
    IReadOnlyList<long> DailyVolume);

/// <param name="From">The first day (UTC) counted; the last is <paramref name="To"/>, today.</param>
public sealed record ActivitySummary(DateOnly From, DateOnly To, IReadOnlyList<CurrencyFigures> Currencies)
{
    public const int Days = 30;
}

/// <summary>
/// The overview's 30-day figures, from the postings the sync recorded (by Stripe's created
/// time), counting only those in the ledger. Reading 30 days of a busy account costs a range
/// of the install-and-time index, so the answer is kept until the install's data changes
/// (its latest run moves, or a repair) or the day turns.
/// </summary>
public sealed class ActivityFigures(AppDatabase database, TimeProvider time) : IStorageIndexes
{
    /// <summary>
    /// An index of its own that versions before 2026-12-02 kept: the Transactions view's index
    /// in time order starts with the same key, and every index costs each posting written
    /// (most of a sync's CPU is LiteDB adding index nodes), so it is dropped.
    /// </summary>
    const string RetiredIndex = "install_created";
    const string Key = Transactions.TransactionSearch.ByTime;

    readonly ConcurrentDictionary<string, (string Version, ActivitySummary Summary)> _cache = new(StringComparer.Ordinal);

    ILiteCollection<SyncItemRecord> Items => database.Collection<SyncItemRecord>(SyncItemRecord.Collection);

    /// <summary>Forgets the install's figures (a repair moved money).</summary>
    public void Invalidate(string installedAppId) => _cache.TryRemove(installedAppId, out _);

    public ActivitySummary For(string installedAppId, SyncRunRecord? latestRun)
    {
        var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
        var version = $"{today:yyyyMMdd}|{latestRun?.RunId}|{latestRun?.UpdatedAt}";
        if (_cache.TryGetValue(installedAppId, out var cached) && cached.Version == version)
            return cached.Summary;
        var summary = Compute(installedAppId, today);
        _cache[installedAppId] = (version, summary);
        return summary;
    }

    ActivitySummary Compute(string installedAppId, DateOnly today)
    {
        var from = today.AddDays(1 - ActivitySummary.Days);
        var fromSeconds = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero).ToUnixTimeSeconds();
        var rows = Items.Query()
            .Where($"{Key} BETWEEN @0 AND @1", $"{installedAppId}|{fromSeconds:D12}", $"{installedAppId}|~")
            .Select("{c: $.Currency, p: $.Precision, a: $.PreciseAmount, t: $.Created, g: $.Category, q: $.Sequence, s: $.Source, d: $.Destination, st: $.State}")
            .ToEnumerable();

        var byCurrency = new Dictionary<string, Accumulator>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            var state = row["st"].AsString;
            if (state is not (nameof(SyncItemState.Posted) or nameof(SyncItemState.AlreadyPresent)))
                continue;
            var source = Enum.Parse<LedgerRole>(row["s"].AsString);
            var destination = Enum.Parse<LedgerRole>(row["d"].AsString);
            if (source == LedgerRole.Opening || destination == LedgerRole.Opening)
                continue;
            // A re-classification (Repair) moves money between two of the ledger's own balances, not
            // Stripe's: it is no activity of the account and would count each repaired posting twice.
            if (!StripeBalanceTypes.IsMirror(source) && !StripeBalanceTypes.IsMirror(destination))
                continue;
            var currency = row["c"].AsString;
            if (!byCurrency.TryGetValue(currency, out var sum))
                byCurrency[currency] = sum = new Accumulator(row["p"].AsInt64);
            var effect = PlannedPosting.EffectOnStripe(source, destination, row["a"].AsInt64);
            sum.Add(Group(row["g"].AsString, row["q"].AsInt32), effect);
            var day = DateOnly.FromDateTime(DateTimeOffset.FromUnixTimeSeconds(row["t"].AsInt64).UtcDateTime).DayNumber - from.DayNumber;
            if (day is >= 0 and < ActivitySummary.Days)
                sum.Daily[day] += Math.Abs(effect);
        }
        return new ActivitySummary(from, today, byCurrency
            .OrderByDescending(pair => pair.Value.Volume)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Value.ToFigures(pair.Key))
            .ToList());
    }

    enum Kind { PayIn, Refund, Dispute, Fee, Payout, Other }

    /// <summary>A posting's kind: its fee rows are fees whatever the category; the rest by Stripe's reporting category.</summary>
    static Kind Group(string category, int sequence) => sequence > 0 ? Kind.Fee : category switch
    {
        "charge" or "partial_capture_reversal" or "charge_failure" => Kind.PayIn,
        "refund" or "refund_failure" => Kind.Refund,
        "dispute" or "dispute_reversal" => Kind.Dispute,
        "fee" or "tax" => Kind.Fee,
        "payout" or "payout_reversal" => Kind.Payout,
        _ => Kind.Other,
    };

    sealed class Accumulator(long precision)
    {
        public readonly long[] Daily = new long[ActivitySummary.Days];
        readonly long[] _byKind = new long[6];
        int _items;
        public long Volume => Daily.Sum();

        public void Add(Kind kind, long effect)
        {
            _byKind[(int)kind] += effect;
            _items++;
        }

        public CurrencyFigures ToFigures(string currency) => new(currency, precision,
            _byKind[(int)Kind.PayIn], _byKind[(int)Kind.Refund], _byKind[(int)Kind.Dispute], _byKind[(int)Kind.Fee],
            _byKind[(int)Kind.Payout], _byKind[(int)Kind.Other], _byKind.Sum(), _items, Daily);
    }

    public void Ensure(LiteDatabase db) =>
        db.GetCollection<SyncItemRecord>(SyncItemRecord.Collection).DropIndex(RetiredIndex);
}
