using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Tests.Support;

/// <summary>Postings as the sync records them, written straight into an app's database for portal tests.</summary>
public static class SyncedItems
{
    static int _counter;

    public static SyncItemRecord Item(string installedAppId, string category, string currency, long amount, LedgerRole source, LedgerRole destination,
        DateTimeOffset created, SyncItemState state = SyncItemState.Posted, int sequence = 0, string? customerId = null, string? balanceTransactionId = null,
        long? precision = null, bool unmapped = false)
    {
        var txn = balanceTransactionId ?? $"txn_{Interlocked.Increment(ref _counter):D6}{Guid.NewGuid():N}"[..28];
        var reference = sequence == 0 ? $"stripe:{txn}" : $"stripe:{txn}:fee";
        var item = new SyncItemRecord
        {
            Id = SyncItemRecord.IdFor(installedAppId, reference),
            InstalledAppId = installedAppId,
            Reference = reference,
            BalanceTransactionId = txn,
            Created = created.ToUnixTimeSeconds(),
            Sequence = sequence,
            Category = category,
            Unmapped = unmapped,
            Currency = currency,
            PreciseAmount = amount,
            Precision = precision ?? BlnkSliceApp.Shared.Stripe.CurrencyPrecision.For(currency),
            Source = source,
            Destination = destination,
            CustomerId = customerId,
            Description = $"Stripe {category} {txn}",
            MetaDataJson = "{}",
            RecordedByRun = "run_test",
            SettledByRun = state is SyncItemState.Posted or SyncItemState.AlreadyPresent or SyncItemState.Rejected ? "run_test" : null,
        };
        item.MoveTo(state, UnixMs.From(created));
        return item;
    }

    public static void Store(this AppDatabase database, params SyncItemRecord[] items) =>
        database.Collection<SyncItemRecord>(SyncItemRecord.Collection).InsertBulk(items);
}
