using BlnkSliceApp.DevCloud.Stripe.Objects;

namespace BlnkSliceApp.DevCloud.Stripe;

/// <summary>
/// One resource's objects, kept in (created, seq) order for paging and indexed by id.
/// Not thread-safe: <see cref="StripeAccountState"/> guards every access.
/// </summary>
public sealed class RecordTable<T> : IRecordTable where T : StripeRecord
{
    readonly List<T> _ordered = [];
    readonly Dictionary<string, T> _byId = new(StringComparer.Ordinal);

    public int Count => _ordered.Count;

    /// <summary>Oldest first; callers read it under the account's lock.</summary>
    public IReadOnlyList<T> Ordered => _ordered;

    public T? Find(string id) => _byId.GetValueOrDefault(id);

    internal void Add(T record)
    {
        _byId.Add(record.Id, record);
        if (_ordered.Count == 0 || Compare(_ordered[^1], record) <= 0)
            _ordered.Add(record);
        else
            _ordered.Insert(UpperBound(record.Created, record.Seq), record);
    }

    /// <summary>
    /// Appends without keeping order, for bulk loads; <see cref="SortIfNeeded"/> must follow.
    /// Inserting one by one into the middle of a large list would be quadratic.
    /// </summary>
    internal void AddUnsorted(T record)
    {
        _byId.Add(record.Id, record);
        if (_ordered.Count > 0 && Compare(_ordered[^1], record) > 0)
            _unsorted = true;
        _ordered.Add(record);
    }

    internal void SortIfNeeded()
    {
        if (!_unsorted) return;
        _ordered.Sort(Compare);
        _unsorted = false;
    }

    bool _unsorted;

    /// <summary>Position of a record in <see cref="Ordered"/>.</summary>
    public int IndexOf(T record)
    {
        var index = UpperBound(record.Created, record.Seq) - 1;
        return index >= 0 && ReferenceEquals(_ordered[index], record) ? index : _ordered.IndexOf(record);
    }

    /// <summary>First index whose created is at least <paramref name="created"/>.</summary>
    public int LowerBound(long created) => UpperBound(created, long.MinValue);

    int UpperBound(long created, long seq)
    {
        int lo = 0, hi = _ordered.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            var r = _ordered[mid];
            if (r.Created < created || (r.Created == created && r.Seq <= seq)) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    StripeRecord IRecordTable.this[int index] => _ordered[index];
    StripeRecord? IRecordTable.Find(string id) => Find(id);
    int IRecordTable.IndexOf(StripeRecord record) => record is T typed ? IndexOf(typed) : -1;

    static int Compare(T a, T b) => a.Created != b.Created ? a.Created.CompareTo(b.Created) : a.Seq.CompareTo(b.Seq);
}

/// <summary>The untyped view the list endpoints page through.</summary>
public interface IRecordTable
{
    int Count { get; }
    StripeRecord this[int index] { get; }
    StripeRecord? Find(string id);
    int IndexOf(StripeRecord record);
    int LowerBound(long created);
}
