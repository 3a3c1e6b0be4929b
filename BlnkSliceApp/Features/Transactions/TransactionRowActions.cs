using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Features.Transactions;

/// <summary>
/// A button on a row of the Transactions view: <paramref name="PostUrl"/> is posted with htmx and its
/// answer (a fragment) lands in the view's action area. When <paramref name="DisabledReason"/> is
/// set the button is shown disabled with that sentence (the missing scope, say).
/// </summary>
public sealed record TransactionRowAction(string Label, string PostUrl, string? DisabledReason = null, string? TestId = null);

/// <summary>
/// The hook other slices use to put actions on a transaction's row without editing this one
/// (Repair's "Retry" on a refused posting; Alerts' "Flag for review"): register an implementation
/// with <c>services.AddSingleton&lt;ITransactionRowActions, ...&gt;()</c>.
/// </summary>
public interface ITransactionRowActions
{
    IEnumerable<TransactionRowAction> For(InstallRecord install, SyncItemRecord item);
}
