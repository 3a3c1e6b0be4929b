using System.Text.Json.Nodes;

namespace BlnkSliceApp.DevCloud.Cloud.Ledger;

/// <summary>
/// The emulated Blnk Core behind one Cloud instance. One lock guards all of it: the app posts
/// from several installs at once, and a bulk request must see and change the ledger as one
/// step (atomic rollback needs that). Every public method takes the lock; the partial files
/// hold one resource each.
/// </summary>
public sealed partial class InstanceLedger
{
    readonly Lock _gate = new();
    readonly TimeProvider _clock;
    long _sequence;

    readonly Dictionary<string, JsonObject> _ledgers = new(StringComparer.Ordinal);
    readonly Dictionary<string, BalanceRecord> _balances = new(StringComparer.Ordinal);
    readonly Dictionary<(string Indicator, string Currency), string> _indicatorBalances = new();
    readonly Dictionary<string, JsonObject> _identities = new(StringComparer.Ordinal);
    readonly Dictionary<string, TransactionRecord> _transactions = new(StringComparer.Ordinal);
    readonly Dictionary<string, string> _transactionByReference = new(StringComparer.Ordinal);
    readonly Dictionary<string, JsonObject> _alerts = new(StringComparer.Ordinal);

    public InstanceLedger(string instanceId, TimeProvider clock)
    {
        InstanceId = instanceId;
        _clock = clock;
        var now = _clock.GetUtcNow();
        // Blnk creates the general ledger itself; indicator balances live there.
        _ledgers[CloudIds.GeneralLedgerId] = new JsonObject
        {
            ["ledger_id"] = CloudIds.GeneralLedgerId,
            ["name"] = "General Ledger",
            ["created_at"] = CloudTime.Format(now),
            ["meta_data"] = new JsonObject(),
            ["_seq"] = NextSequence(),
        };
    }

    public string InstanceId { get; }

    long NextSequence() => ++_sequence;

    DateTimeOffset Now => _clock.GetUtcNow();

    /// <summary>Every record of a Data API resource as JSON, oldest first (a consistent snapshot).</summary>
    public IReadOnlyList<JsonObject> Snapshot(DataResource resource)
    {
        lock (_gate)
        {
            IEnumerable<JsonObject> rows = resource switch
            {
                DataResource.Ledgers => BySequence(_ledgers.Values).Select(PublicCopy),
                DataResource.Balances => _balances.Values.OrderBy(b => b.Sequence).Select(b => b.ToJson()),
                DataResource.Transactions => _transactions.Values.OrderBy(t => t.Sequence).Select(t => t.ToJson()),
                DataResource.Identities => BySequence(_identities.Values).Select(PublicCopy),
                DataResource.Alerts => BySequence(_alerts.Values).Select(PublicCopy),
                _ => throw new ArgumentOutOfRangeException(nameof(resource)),
            };
            return rows.ToList();
        }
    }

    /// <summary>
    /// The records that match, as JSON, oldest first. Stored JSON records are tested before they
    /// are copied, so a filtered query over thousands of identities copies only its answer.
    /// </summary>
    public IReadOnlyList<JsonObject> Select(DataResource resource, Func<JsonObject, bool> matches)
    {
        lock (_gate)
        {
            IEnumerable<JsonObject> rows = resource switch
            {
                DataResource.Ledgers => BySequence(_ledgers.Values.Where(matches)).Select(PublicCopy),
                DataResource.Balances => _balances.Values.OrderBy(b => b.Sequence).Select(b => b.ToJson()).Where(matches),
                DataResource.Transactions => _transactions.Values.OrderBy(t => t.Sequence).Select(t => t.ToJson()).Where(matches),
                DataResource.Identities => BySequence(_identities.Values.Where(matches)).Select(PublicCopy),
                DataResource.Alerts => BySequence(_alerts.Values.Where(matches)).Select(PublicCopy),
                _ => throw new ArgumentOutOfRangeException(nameof(resource)),
            };
            return rows.ToList();
        }
    }

    /// <summary>One record as JSON, or null.</summary>
    public JsonObject? Find(DataResource resource, string id)
    {
        lock (_gate)
        {
            return resource switch
            {
                DataResource.Ledgers => _ledgers.TryGetValue(id, out var ledger) ? PublicCopy(ledger) : null,
                DataResource.Balances => _balances.TryGetValue(id, out var balance) ? balance.ToJson() : null,
                DataResource.Transactions => _transactions.TryGetValue(id, out var txn) ? txn.ToJson() : null,
                DataResource.Identities => _identities.TryGetValue(id, out var identity) ? PublicCopy(identity) : null,
                DataResource.Alerts => _alerts.TryGetValue(id, out var alert) ? PublicCopy(alert) : null,
                _ => null,
            };
        }
    }

    /// <summary>The stored transaction with this reference (tests and the ledger page use it).</summary>
    public JsonObject? FindTransactionByReference(string reference)
    {
        lock (_gate)
            return _transactionByReference.TryGetValue(reference, out var id) ? _transactions[id].ToJson() : null;
    }

    public int Count(DataResource resource)
    {
        lock (_gate)
        {
            return resource switch
            {
                DataResource.Ledgers => _ledgers.Count,
                DataResource.Balances => _balances.Count,
                DataResource.Transactions => _transactions.Count,
                DataResource.Identities => _identities.Count,
                DataResource.Alerts => _alerts.Count,
                _ => 0,
            };
        }
    }

    static IEnumerable<JsonObject> BySequence(IEnumerable<JsonObject> rows) =>
        rows.OrderBy(row => row["_seq"]!.GetValue<long>());

    /// <summary>Record order is kept in a private "_seq" field so snapshots list oldest first.</summary>
    static JsonObject PublicCopy(JsonObject stored)
    {
        var copy = (JsonObject)stored.DeepClone();
        copy.Remove("_seq");
        return copy;
    }
}
