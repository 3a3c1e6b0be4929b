using System.Globalization;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Payouts;
using CsvHelper;

namespace BlnkSliceApp.Features.Payouts;

/// <summary>
/// The transactions a payout paid out, as CSV (RFC 4180, UTF-8, one header row): amounts in
/// minor units and as decimals, times in ISO 8601 UTC, where each stands in the ledger.
/// Read and written in pieces, so a payout of any size stays small in memory. Its text fields
/// are Stripe ids, categories and the app's own words, never text a customer typed, so no
/// spreadsheet-formula protection is applied (it would also mangle the negative amounts).
/// </summary>
public sealed class PayoutItemsCsv(PayoutStore payouts) : IPortalDownload
{
    public const string KindName = "payout-items";
    const int Chunk = 500;

    public static readonly string[] Header =
    [
        "payout_id", "payout_status", "balance_transaction_id", "created_utc", "type", "reporting_category", "source_id", "currency",
        "amount_minor", "amount", "fee_minor", "fee", "net_minor", "net", "ledger", "ledger_references",
    ];

    public string Kind => KindName;

    public string ContentType => "text/csv; charset=utf-8";

    public string? FileName(InstallRecord install, string subject) =>
        payouts.Get(install.InstalledAppId, subject) is { Items: PayoutItemsState.Listed } ? $"stripe-payout-{subject}.csv" : null;

    public async Task WriteAsync(InstallRecord install, string subject, Stream body, CancellationToken ct)
    {
        var payout = payouts.Get(install.InstalledAppId, subject)!;
        // CsvHelper's defaults are RFC 4180: comma, quotes where needed, CRLF, UTF-8 without a BOM.
        await using var csv = CsvWriter.Create(body, CsvWriterOptions.Default, leaveOpen: true);
        csv.WriteHeader(Header);

        string? after = null;
        while (payouts.ItemsAfter(install.InstalledAppId, subject, after, Chunk) is { Count: > 0 } chunk)
        {
            foreach (var item in chunk.Where(item => !item.IsPayoutItself))
            {
                csv.WriteField(payout.PayoutId);
                csv.WriteField(payout.Status);
                csv.WriteField(item.BalanceTransactionId);
                csv.WriteField(DateTimeOffset.FromUnixTimeSeconds(item.Created).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
                csv.WriteField(item.Type);
                csv.WriteField(item.Category);
                csv.WriteField(item.SourceId ?? "");
                csv.WriteField(item.Currency);
                WriteAmount(csv, item.Amount, item.Precision);
                WriteAmount(csv, item.Fee, item.Precision);
                WriteAmount(csv, item.Net, item.Precision);
                csv.WriteField(PayoutText.Ledger(item));
                csv.WriteField(string.Join(' ', item.Postings.Select(p => p.Reference)));
                await csv.EndRecordAsync(ct);
            }
            after = chunk[^1].Id;
        }
        await csv.FlushAsync(ct);
    }

    static void WriteAmount(CsvWriter csv, long minor, long precision)
    {
        csv.WriteField(minor.ToString(CultureInfo.InvariantCulture));
        csv.WriteField(MoneyText.Decimal(minor, precision) ?? "");
    }
}
