using System.Text.Json.Nodes;

namespace BlnkSliceApp.DevCloud.Cloud.Ledger;

public sealed partial class InstanceLedger
{
    public JsonObject CreateLedger(JsonObject body)
    {
        var name = TransactionRequest.RequiredText(body, "name");
        var meta = TransactionRequest.MetaDataOf(body);
        lock (_gate)
        {
            var ledger = new JsonObject
            {
                ["ledger_id"] = CloudIds.New("ldg"),
                ["name"] = name,
                ["created_at"] = CloudTime.Format(Now),
                ["meta_data"] = meta,
                ["_seq"] = NextSequence(),
            };
            _ledgers[ledger["ledger_id"]!.GetValue<string>()] = ledger;
            return PublicCopy(ledger);
        }
    }

    public JsonObject GetLedger(string id) =>
        Find(DataResource.Ledgers, id) ?? throw CloudApiException.NotFound($"ledger with ID '{id}' not found");

    public JsonArray ListLedgers() => new(Snapshot(DataResource.Ledgers).Select(JsonNode? (row) => row).ToArray());
}
