using BlnkSliceApp.Features.Transactions;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Features.Alerts;

/// <summary>"Flag for review" on each Transactions row that is in the ledger; disabled, with the reason, without alerts:write or once flagged.</summary>
public sealed class FlagRowAction(ReviewFlags flags) : ITransactionRowActions
{
    public IEnumerable<TransactionRowAction> For(InstallRecord install, SyncItemRecord item)
    {
        if (!ReviewFlags.CanBeFlagged(item))
            yield break;
        var url = $"{AlertsRoutes.Flag}?reference={Uri.EscapeDataString(item.Reference)}";
        var reason = !install.Has(Scopes.AlertsWrite) ? $"Flagging needs the {Scopes.AlertsWrite} permission."
            : flags.OpenFlag(install.InstalledAppId, item.Reference) is not null ? "Already flagged for review; see Alerts."
            : null;
        yield return new TransactionRowAction("Flag for review", url, reason, "transaction-flag");
    }
}
