using BlnkSliceApp.Features.SyncSettings;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Features.Transactions;

/// <summary>A row of the view: the posting and the actions other slices put on it.</summary>
public sealed record TransactionRow(SyncItemRecord Item, IReadOnlyList<TransactionRowAction> Actions);

/// <summary>One page of the Transactions view, or the form with its errors.</summary>
public sealed record TransactionsView(
    TransactionQuery Query,
    IReadOnlyList<TransactionRow> Rows,
    string? OlderCursor,
    string? NewerCursor,
    int? ScanStopped,
    int Page,
    bool Live,
    SyncPreferences Preferences,
    IReadOnlyDictionary<string, string> Errors,
    IReadOnlyDictionary<string, string?> Values)
{
    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);

    public string? ValueOf(string field) => Values.GetValueOrDefault(field);

    public string? DashboardLink(string? stripeId) => StripeDashboardLinks.For(stripeId, Live);
}

public sealed class TransactionViews(TransactionSearch search, PreferencesStore preferences, SyncStates states, IEnumerable<ITransactionRowActions> actions)
{
    public TransactionsView For(InstallRecord install, TransactionQuery query, string? cursor, bool newer, int page, IReadOnlyDictionary<string, string?> values)
    {
        var found = search.Page(install.InstalledAppId, query, cursor, newer);
        var rows = found.Rows.Select(item => new TransactionRow(item, actions.SelectMany(a => a.For(install, item)).ToList())).ToList();
        return new TransactionsView(query, rows, found.Older, found.Newer, found.ScanStopped, Math.Max(1, page),
            states.Get(install.InstalledAppId).StripeLive == true, preferences.Get(install.InstalledAppId),
            new Dictionary<string, string>(), values);
    }

    /// <summary>The form as it was sent, with its errors, and no rows.</summary>
    public TransactionsView Invalid(InstallRecord install, IReadOnlyDictionary<string, string> errors, IReadOnlyDictionary<string, string?> values) =>
        new(TransactionQuery.Everything, [], null, null, null, 1, states.Get(install.InstalledAppId).StripeLive == true,
            preferences.Get(install.InstalledAppId), errors, values);
}
