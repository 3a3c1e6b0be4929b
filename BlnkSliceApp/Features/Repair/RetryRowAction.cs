using BlnkSliceApp.Features.Transactions;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Features.Repair;

/// <summary>"Retry" on a refused posting's row in the Transactions view; disabled, naming the scope, when the install may not post.</summary>
public sealed class RetryRowAction : ITransactionRowActions
{
    public IEnumerable<TransactionRowAction> For(InstallRecord install, SyncItemRecord item)
    {
        if (item.State != SyncItemState.Rejected)
            yield break;
        var missing = RepairPermission.Missing(install);
        yield return new TransactionRowAction("Retry", RepairRoutes.RetryOf(item.Reference),
            missing is null ? null : $"Retrying needs the {missing} permission.", "transaction-retry");
    }
}
