using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.DevCloud.Bench;

/// <summary>
/// A year of history written straight into the app's database, as the sync records it: runs with
/// their counts, totals, reconciliation and errors, and postings (pay-ins with their fees,
/// refunds, disputes, payouts, a few refused and unmapped) spread over the year and over
/// customers, each settled by one of the runs. Seeded, so every benchmark reads the same data.
/// </summary>
static class RenderHistory
{
    static readonly string[] Currencies = ["USD", "EUR", "JPY"];

    public static IReadOnlyList<string> Write(AppDatabase database, string installedAppId, int runs, int items, DateTimeOffset now)
    {
        var random = new Random(12);
        var yearAgo = now.AddDays(-365);
        var runIds = new List<string>(runs);
        var runRecords = new List<SyncRunRecord>(runs);
        for (var i = 0; i < runs; i++)
        {
            var started = yearAgo.AddSeconds(365.0 * 86_400 * i / runs);
            var run = new SyncRunRecord
            {
                RunId = $"run_bench_{i:D5}",
                InstalledAppId = installedAppId,
                Trigger = i % 10 == 0 ? SyncTrigger.Manual : SyncTrigger.Schedule,
                Status = i % 97 == 0 ? SyncRunStatus.Failed : SyncRunStatus.Succeeded,
                StartedAt = started.ToUnixTimeMilliseconds(),
                EndedAt = started.AddSeconds(4).ToUnixTimeMilliseconds(),
                UpdatedAt = started.AddSeconds(4).ToUnixTimeMilliseconds(),
                Phase = "Done",
                WindowFrom = started.AddHours(-9).ToUnixTimeSeconds(),
                WindowTo = started.ToUnixTimeSeconds(),
                ListingDone = true,
                Counts = new SyncCounts { Fetched = 100, Posted = 190, CustomersLinked = 3 },
                Totals = Currencies.SelectMany(currency => new[] { "charge", "refund", "fee", "payout" }.Select(category => new CategoryTotal
                {
                    Category = category, Currency = currency, Count = random.Next(1, 50), PreciseAmount = random.Next(100, 900_000),
                    Precision = currency == "JPY" ? 1 : 100,
                })).ToList(),
                Reconciliation = Currencies.Select(currency => new ReconciliationLine
                {
                    Currency = currency, Precision = currency == "JPY" ? 1 : 100, StripeAmount = 1_000_000, LedgerAmount = 1_000_000,
                }).ToList(),
                Errors = i % 97 == 0 ? ["Blnk refused stripe:txn_example: the balance is locked (Core said: balance locked)."] : [],
            };
            runIds.Add(run.RunId);
            runRecords.Add(run);
        }
        database.Collection<SyncRunRecord>(SyncRunRecord.Collection).InsertBulk(runRecords);

        var batch = new List<SyncItemRecord>(10_000);
        var written = 0;
        for (var i = 0; written < items; i++)
        {
            var created = yearAgo.AddSeconds(365.0 * 86_400 * written / items).ToUnixTimeSeconds();
            var currency = Currencies[random.Next(Currencies.Length)];
            var customer = $"cus_bench{random.Next(1_000):D4}";
            var runId = runIds[(int)Math.Min(runs - 1, (long)runs * written / items)];
            var roll = random.Next(1_000);
            var (category, source, destination) = roll switch
            {
                < 700 => ("charge", LedgerRole.Customer, LedgerRole.Stripe),
                < 850 => ("refund", LedgerRole.Stripe, LedgerRole.Customer),
                < 870 => ("dispute", LedgerRole.Stripe, LedgerRole.Customer),
                < 990 => ("payout", LedgerRole.Stripe, LedgerRole.Payouts),
                < 995 => ("climate_order_purchase", LedgerRole.Stripe, LedgerRole.Other),
                _ => ("brand_new_category", LedgerRole.Stripe, LedgerRole.Other),
            };
            var txn = $"txn_bench{i:D8}";
            var state = i % 1_000 == 7 ? SyncItemState.Rejected : SyncItemState.Posted;
            batch.Add(Item(installedAppId, txn, 0, category, currency, random.Next(100, 90_000), source, destination, created, customer, runId, state,
                unmapped: category == "brand_new_category"));
            written++;
            if (category == "charge" && written < items)
            {
                batch.Add(Item(installedAppId, txn, 1, category, currency, random.Next(30, 900), LedgerRole.Stripe, LedgerRole.Fees, created, customer, runId,
                    state, unmapped: false));
                written++;
            }
            if (batch.Count >= 10_000)
            {
                database.Collection<SyncItemRecord>(SyncItemRecord.Collection).InsertBulk(batch);
                batch.Clear();
            }
        }
        database.Collection<SyncItemRecord>(SyncItemRecord.Collection).InsertBulk(batch);
        return runIds;
    }

    static SyncItemRecord Item(string installedAppId, string txn, int sequence, string category, string currency, long amount, LedgerRole source,
        LedgerRole destination, long created, string customer, string runId, SyncItemState state, bool unmapped)
    {
        var reference = sequence == 0 ? $"stripe:{txn}" : $"stripe:{txn}:fee";
        var item = new SyncItemRecord
        {
            Id = SyncItemRecord.IdFor(installedAppId, reference),
            InstalledAppId = installedAppId,
            Reference = reference,
            BalanceTransactionId = txn,
            Created = created,
            Sequence = sequence,
            Part = sequence == 0 ? null : "fee",
            Category = category,
            Unmapped = unmapped,
            Currency = currency,
            PreciseAmount = amount,
            Precision = currency == "JPY" ? 1 : 100,
            Source = source,
            Destination = destination,
            CustomerId = source == LedgerRole.Customer || destination == LedgerRole.Customer ? customer : null,
            Description = $"Stripe {category} {txn}",
            TransactionId = state == SyncItemState.Posted ? $"txn_blnk_{txn[9..]}_{sequence}" : null,
            RejectionReason = state == SyncItemState.Rejected ? "balance locked" : null,
            RecordedByRun = runId,
            SettledByRun = runId,
        };
        var charge = category == "charge" ? $"ch_{txn[9..]}" : $"ch_{txn[9..]}x";
        item.KeepStripeIds(charge, charge, $"pi_{txn[9..]}");
        item.MoveTo(state, created * 1000);
        return item;
    }
}
