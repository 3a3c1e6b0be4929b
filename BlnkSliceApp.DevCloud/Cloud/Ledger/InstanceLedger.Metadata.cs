using System.Text.Json.Nodes;

namespace BlnkSliceApp.DevCloud.Cloud.Ledger;

public sealed partial class InstanceLedger
{
    /// <summary><c>POST /&lt;entity-id&gt;/metadata</c>: top-level keys of the body's meta_data replace or add, others stay.</summary>
    public JsonObject MergeMetadata(string entityId, JsonObject body)
    {
        if (body["meta_data"] is not JsonObject incoming)
            throw CloudApiException.BadRequest("meta_data is required and must be an object");
        lock (_gate)
        {
            var target = MetadataOf(entityId) ?? throw CloudApiException.NotFound($"entity with ID '{entityId}' not found");
            foreach (var (key, value) in incoming)
                target[key] = value?.DeepClone();
            _metadataWrites[entityId] = _metadataWrites.GetValueOrDefault(entityId) + 1;
            return new JsonObject { ["meta_data"] = target.DeepClone() };
        }
    }

    readonly Dictionary<string, int> _metadataWrites = new(StringComparer.Ordinal);

    /// <summary>How many metadata updates an entity received (not a Blnk figure: tests count writes with it).</summary>
    public int MetadataWritesOf(string entityId)
    {
        lock (_gate)
            return _metadataWrites.GetValueOrDefault(entityId);
    }

    /// <summary>The live meta_data object of any entity, found by its id. Caller holds the lock.</summary>
    JsonObject? MetadataOf(string entityId)
    {
        if (_transactions.TryGetValue(entityId, out var txn)) return txn.MetaData;
        if (_balances.TryGetValue(entityId, out var balance)) return balance.MetaData;
        if (_identities.TryGetValue(entityId, out var identity)) return MetaObject(identity);
        if (_ledgers.TryGetValue(entityId, out var ledger)) return MetaObject(ledger);
        return null;
    }

    static JsonObject MetaObject(JsonObject record)
    {
        if (record["meta_data"] is JsonObject meta) return meta;
        var created = new JsonObject();
        record["meta_data"] = created;
        return created;
    }
}
