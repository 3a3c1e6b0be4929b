using System.Text.Json.Nodes;

namespace BlnkSliceApp.DevCloud.Cloud.Ledger;

public sealed partial class InstanceLedger
{
    public const int MaxBulkItems = 10_000;
    public const string BulkItemFailedCode = "BULK_ITEM_FAILED";

    /// <summary>
    /// <c>POST /transactions/bulk</c>: items in order, stopping at the first failure. With
    /// <c>atomic</c> the earlier items are rolled back, otherwise they stay. <c>run_async</c>
    /// answers 202 and processes in the background, reporting nowhere (Core reports by
    /// webhook, which a Custom App does not receive).
    /// </summary>
    public LedgerAnswer CreateBulk(JsonObject body)
    {
        if (body["transactions"] is not JsonArray items)
            throw CloudApiException.BadRequest("transactions is required and must be an array");
        if (items.Count == 0)
            throw CloudApiException.BadRequest("transactions must not be empty");
        if (items.Count > MaxBulkItems)
            throw CloudApiException.BadRequest($"a bulk request holds at most {MaxBulkItems} transactions");
        var atomic = TransactionRequest.Flag(body, "atomic");
        var skipQueue = TransactionRequest.Flag(body, "skip_queue");
        var runAsync = TransactionRequest.Flag(body, "run_async");
        if (TransactionRequest.Flag(body, "inflight"))
            throw CloudApiException.BadRequest("inflight transactions are not emulated by DevCloud");

        var batchId = CloudIds.New("bulk");
        var snapshot = items.Select(item => item?.DeepClone()).ToList();
        if (runAsync)
        {
            _ = Task.Run(() =>
            {
                try { ProcessBulk(batchId, snapshot, atomic, skipQueue); }
                catch (CloudApiException) { /* Core would report this by webhook; nobody listens. */ }
            });
            return new LedgerAnswer(202, new JsonObject
            {
                ["batch_id"] = batchId,
                ["status"] = "processing",
                ["message"] = "Bulk transaction processing started",
            });
        }

        var count = ProcessBulk(batchId, snapshot, atomic, skipQueue);
        return new LedgerAnswer(201, new JsonObject
        {
            ["batch_id"] = batchId,
            ["status"] = skipQueue ? TransactionStatus.Applied.ToLowerInvariant() : TransactionStatus.Queued.ToLowerInvariant(),
            ["transaction_count"] = count,
        });
    }

    int ProcessBulk(string batchId, List<JsonNode?> items, bool atomic, bool skipQueue)
    {
        lock (_gate)
        {
            var undo = new List<Action>();
            for (var index = 0; index < items.Count; index++)
            {
                var itemUndo = new List<Action>();
                try
                {
                    if (items[index] is not JsonObject item)
                        throw CloudApiException.BadRequest("each transaction must be an object");
                    var request = TransactionRequest.Parse(item, skipQueueOverride: skipQueue);
                    Record(request, parent: batchId, itemUndo);
                    undo.AddRange(itemUndo);
                }
                catch (CloudApiException failure)
                {
                    // The failing item never leaves a trace; earlier ones go only when atomic.
                    Rollback(itemUndo);
                    if (atomic) Rollback(undo);
                    throw new CloudApiException(failure.Status, $"transaction at index {index} failed: {failure.Message}",
                        failure.Code ?? BulkItemFailedCode,
                        new JsonObject
                        {
                            ["index"] = index,
                            ["batch_id"] = batchId,
                            ["rolled_back"] = atomic,
                            ["reason"] = failure.Message,
                        });
                }
            }
            return items.Count;
        }
    }
}
