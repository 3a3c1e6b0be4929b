using System.Globalization;
using BlnkSliceApp.Features.SyncSettings;
using BlnkSliceApp.Features.Transactions;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Sync;
using CsvHelper;
using Microsoft.AspNetCore.WebUtilities;

namespace BlnkSliceApp.Features.Export;

/// <summary>
/// The Transactions view as CSV (RFC 4180, UTF-8, one header row): every posting its filters
/// match, newest first, amounts in minor units and as decimals, times in ISO 8601 UTC. Rows
/// stream from the search's index a chunk at a time, so 100,000 of them stay small in memory.
/// The link's subject is the view's query string, read back through the view's own checks.
/// Text fields are Stripe ids, categories and the app's own words, never text a customer
/// typed, so no spreadsheet-formula protection is applied (it would mangle negative amounts).
/// </summary>
public sealed class TransactionsCsv(TransactionSearch search, PreferencesStore preferences) : IPortalDownload
{
    public const string KindName = "transactions";
    const int FlushEvery = 500;

    public static readonly string[] Header =
    [
        "reference", "balance_transaction_id", "part", "created_utc", "reporting_category", "source_id", "charge_id", "payment_intent_id",
        "customer_id", "currency", "amount_minor", "amount", "direction", "from", "to", "status", "ledger_transaction_id", "reason",
    ];

    public string Kind => KindName;

    public string ContentType => "text/csv; charset=utf-8";

    public string? FileName(InstallRecord install, string subject) => Parse(subject) is null ? null : "stripe-transactions.csv";

    public async Task WriteAsync(InstallRecord install, string subject, Stream body, CancellationToken ct)
    {
        var query = Parse(subject)!;
        var rules = preferences.Get(install.InstalledAppId);
        await using var csv = CsvWriter.Create(body, CsvWriterOptions.Default, leaveOpen: true);
        csv.WriteHeader(Header);
        var written = 0;
        foreach (var item in search.All(install.InstalledAppId, query))
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
            if (++written % FlushEvery == 0)
                await csv.FlushAsync(ct);
        }
        await csv.FlushAsync(ct);
    }

    /// <summary>The query a link was made for, or null when it no longer passes the view's checks.</summary>
    static TransactionQuery? Parse(string subject)
    {
        var values = QueryHelpers.ParseQuery(subject);
        var request = new global::BlnkSliceApp.Features.Transactions.List.Request
        {
            From = Value("from"), To = Value("to"), Currency = Value("currency"), Category = Value("category"),
            Customer = Value("customer"), Q = Value("q"),
        };
        string? Value(string name) => values.TryGetValue(name, out var value) ? value.ToString() : null;

        return new global::BlnkSliceApp.Features.Transactions.List.Request.Validator().Validate(request).IsValid ? request.ToQuery() : null;
    }
}
