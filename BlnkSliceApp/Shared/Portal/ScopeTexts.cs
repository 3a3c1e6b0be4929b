using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Shared.Portal;

/// <summary>What each Blnk Cloud scope lets this app do, in the words the portal uses wherever a scope is named.</summary>
public static class ScopeTexts
{
    public static readonly IReadOnlyList<string> Known = [Scopes.DataRead, Scopes.DataWrite, Scopes.AlertsRead, Scopes.AlertsWrite];

    public static string Enables(string scope) => scope switch
    {
        Scopes.DataRead => "Look up identities, balances and transactions by reference (so nothing is posted twice) and read the Stripe balance in the ledger for the reconciliation. Needed to sync.",
        Scopes.DataWrite => "Post Stripe activity as ledger transactions, create identities and balances for Stripe customers, and change settings. Needed to sync.",
        Scopes.AlertsRead => "Show the instance's alerts from Blnk Cloud here, this app's first.",
        Scopes.AlertsWrite => "Raise alerts in Blnk Cloud when a reconciliation differs, a posting is refused or a run fails, and resolve or flag them from here.",
        _ => "Not used by this app.",
    };

    public static string Short(string scope) => scope switch
    {
        Scopes.DataRead => "read the ledger",
        Scopes.DataWrite => "write to the ledger",
        Scopes.AlertsRead => "list Blnk Cloud's alerts",
        Scopes.AlertsWrite => "raise and resolve alerts",
        _ => "unknown to this app",
    };
}
