using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.Shared.Sync.Payouts;
using BlnkSliceApp.Tests.Shared.Sync.Engine;

namespace BlnkSliceApp.Tests.Shared.Sync.Payouts;

/// <summary>What every payout test checks against the emulated Stripe account and the ledger.</summary>
public static class PayoutAssertions
{
    /// <summary>The payout id a ledger posting carries under the app's key, or null.</summary>
    public static string? PayoutIdOf(JsonObject transaction) => (string?)transaction["meta_data"]?["stripe_sync"]?["payout_id"];

    /// <summary>The ledger postings of one balance transaction (its amount and its fee).</summary>
    public static List<JsonObject> PostingsOf(IReadOnlyDictionary<string, JsonObject> byReference, string balanceTransactionId) =>
        new[] { $"stripe:{balanceTransactionId}", $"stripe:{balanceTransactionId}:fee" }
            .Select(reference => byReference.GetValueOrDefault(reference)).OfType<JsonObject>().ToList();

    /// <summary>
    /// Every posting of a transaction that a reconciled payout holds carries that payout's id,
    /// and no other posting carries one. Returns how many postings carry one.
    /// </summary>
    public static int AssertPostingsCarryTheirPayout(SyncHarness harness, DevCloudInstall install)
    {
        var account = harness.DevCloud.Stripe!.Account;
        var payouts = account.Payouts.ToDictionary(p => p.Id);
        var byReference = harness.Transactions(install).ToDictionary(t => (string)t["reference"]!);
        var tagged = 0;
        foreach (var txn in account.BalanceTransactions)
        {
            var expected = txn.PayoutId is { } id && payouts[id].ReconciliationStatus == "completed" ? id : null;
            foreach (var posting in PostingsOf(byReference, txn.Id))
            {
                Assert.True(expected == PayoutIdOf(posting), $"{posting["reference"]} ({txn.ReportingCategory}) carries {PayoutIdOf(posting) ?? "no payout"}, expected {expected ?? "none"}");
                if (expected is not null) tagged++;
            }
        }
        return tagged;
    }

    /// <summary>Every completed automatic payout is recorded with all its transactions, whose net adds up to its amount, and fully tagged.</summary>
    public static void AssertCompletedPayoutsReconcile(SyncHarness harness, DevCloudInstall install, bool taggingDone = true)
    {
        var account = harness.DevCloud.Stripe!.Account;
        var store = harness.Service<PayoutStore>();
        var completed = account.Payouts.Where(p => p.Automatic && p.ReconciliationStatus == "completed"
            && p.Created >= store.State(install.InstalledAppId)!.MirrorFrom).ToList();
        Assert.NotEmpty(completed);
        foreach (var payout in completed)
        {
            var record = store.Get(install.InstalledAppId, payout.Id);
            Assert.True(record is not null, $"payout {payout.Id} was not recorded");
            Assert.Equal(PayoutItemsState.Listed, record.Items);
            Assert.Equal(account.BalanceTransactions.Count(t => t.PayoutId == payout.Id && t.Id != payout.BalanceTransactionId), record.ItemCount);
            Assert.True(record.Reconciled, $"payout {payout.Id}: {record.ItemsNet} listed against {record.Amount}");
            Assert.Equal(0, record.Difference);
            if (taggingDone)
                Assert.True(record.TaggingDone, $"payout {payout.Id}: {record.PostingsTagged} of {record.Postings} postings tagged, {record.Waiting} waiting");
        }
    }
}
