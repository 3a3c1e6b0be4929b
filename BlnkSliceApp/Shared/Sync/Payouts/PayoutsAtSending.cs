using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Shared.Sync.Payouts;

/// <summary>
/// A posting sent after its payout's transactions were read carries the payout id from its
/// creation. The id is added as the posting is sent, from the payout's stored transactions, and
/// lands in the local record with the posting's settling write: tagging before posting used to
/// rewrite every recorded posting once more (a 100,000-transaction backfill: 190,000 writes).
/// </summary>
public sealed class PayoutsAtSending(PayoutStore payouts)
{
    /// <summary>Adds to the batch's metadata (in memory) the payout id of each item whose balance transaction a read payout holds.</summary>
    public void Carry(string installedAppId, IReadOnlyList<SyncItemRecord> batch)
    {
        var payoutOf = payouts.PayoutsOf(installedAppId, batch.Select(item => item.BalanceTransactionId));
        if (payoutOf.Count == 0) return;
        foreach (var item in batch)
        {
            if (!payoutOf.TryGetValue(item.BalanceTransactionId, out var payoutId)) continue;
            var meta = JsonNode.Parse(item.MetaDataJson) as JsonObject ?? [];
            if (PayoutReconciliation.PayoutOf(meta) == payoutId) continue;
            item.MetaDataJson = PayoutReconciliation.WithPayout(meta, payoutId).ToJsonString();
        }
    }
}
