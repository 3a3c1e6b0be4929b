using System.Globalization;
using BlnkSliceApp.Features.Transactions;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Store;
using CsvHelper;

namespace BlnkSliceApp.Features.Export;

/// <summary>
/// Postings as CSV (RFC 4180, UTF-8, one header row: CsvHelper's defaults), the same columns in
/// every export of postings (the Transactions view's and a run's), so a finance team's
/// spreadsheet reads either file. Rows are flushed every few hundred, so the answer streams.
/// </summary>
public static class PostingsCsv
{
    const int FlushEvery = 500;

    public static readonly string[] Header =
    [
        "reference", "balance_transaction_id", "part", "created_utc", "reporting_category", "source_id", "charge_id", "payment_intent_id",
        "customer_id", "currency", "amount_minor", "amount", "direction", "from", "to", "status", "ledger_transaction_id", "reason",
    ];

    public static async Task WriteAsync(Stream body, IEnumerable<SyncItemRecord> items, SyncPreferences rules, CancellationToken ct)
    {
        await using var csv = CsvWriter.Create(body, CsvWriterOptions.Default, leaveOpen: true);
        csv.WriteHeader(Header);
        var written = 0;
        foreach (var item in items)
        {
            await WriteRowAsync(csv, item, rules, ct);
            if (++written % FlushEvery == 0)
                await csv.FlushAsync(ct);
        }
        await csv.FlushAsync(ct);
    }

    static async Task WriteRowAsync(CsvWriter csv, SyncItemRecord item, SyncPreferences rules, CancellationToken ct)
    {
        csv.WriteField(item.Reference);
        csv.WriteField(item.BalanceTransactionId);
        csv.WriteField(TransactionText.Part(item));
        csv.WriteField(DateTimeOffset.FromUnixTimeSeconds(item.Created).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
        csv.WriteField(item.Category);
        csv.WriteField(item.SourceId ?? "");
        csv.WriteField(item.ChargeId ?? "");
        csv.WriteField(item.PaymentIntentId ?? "");
        csv.WriteField(item.CustomerId ?? "");
        csv.WriteField(item.Currency);
        csv.WriteField(item.PreciseAmount.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(MoneyText.Decimal(item.PreciseAmount, item.Precision) ?? "");
        csv.WriteField(TransactionText.Direction(item));
        csv.WriteField(TransactionText.Balance(item.Source, item, rules));
        csv.WriteField(TransactionText.Balance(item.Destination, item, rules));
        csv.WriteField(TransactionText.Code(TransactionText.Status(item)));
        csv.WriteField(item.TransactionId ?? "");
        csv.WriteField(item.RejectionReason ?? "");
        await csv.EndRecordAsync(ct);
    }
}
