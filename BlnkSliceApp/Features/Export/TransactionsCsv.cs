using System.Globalization;
using BlnkSliceApp.Features.SyncSettings;
using BlnkSliceApp.Features.Transactions;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Sync;
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

    public string Kind => KindName;

    public string ContentType => "text/csv; charset=utf-8";

    public string? FileName(InstallRecord install, string subject) => Parse(subject) is null ? null : "stripe-transactions.csv";

    public async Task WriteAsync(InstallRecord install, string subject, Stream body, CancellationToken ct)
    {
        var query = Parse(subject)!;
        var rules = preferences.Get(install.InstalledAppId);
        await PostingsCsv.WriteAsync(body, search.All(install.InstalledAppId, query), rules, ct);
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
