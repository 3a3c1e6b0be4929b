using System.Threading.Channels;
using BlnkSliceApp.Shared.Storage;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>
/// Erases an uninstalled install's customer data, right after the uninstall has answered Cloud
/// (it can take longer than Cloud waits), and at every start for an erasure a crash interrupted:
/// the uninstall marks the install <see cref="InstallRecord.ErasePending"/> in its own
/// transaction. A checkpoint then folds LiteDB's log into the data file, whose freed blocks
/// LiteDB clears, so the erased text is not left readable in either file.
/// </summary>
public sealed class InstallDataErasure(
    AppDatabase database,
    InstallDirectory installs,
    IEnumerable<IInstallErasable> stores,
    ILogger<InstallDataErasure> logger) : BackgroundService
{
    readonly Channel<string> _queue = Channel.CreateUnbounded<string>();

    public void Enqueue(string installedAppId) => _queue.Writer.TryWrite(installedAppId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var install in installs.PendingErasure())
            Enqueue(install.InstalledAppId);
        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                Erase(id);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Still pending on the record: the next start tries again.
                logger.LogError(error, "Erasing the customer data of uninstalled install {InstalledAppId} failed; it is retried at the next start", id);
            }
        }
    }

    /// <summary>Erases now (also for tests); nothing happens unless the install is uninstalled and pending.</summary>
    public void Erase(string installedAppId)
    {
        if (installs.Find(installedAppId) is not { ErasePending: true, Status: InstallStatus.Uninstalled })
            return;
        var erased = stores.Sum(store => store.EraseInstallData(installedAppId));
        database.InTransaction(() =>
        {
            var records = database.Collection<InstallRecord>(InstallRecord.Collection);
            // A re-install may have landed meanwhile: it keeps its new data, and the flag is its own.
            if (records.FindById(installedAppId) is { ErasePending: true, Status: InstallStatus.Uninstalled } install)
            {
                install.ErasePending = false;
                records.Update(install);
            }
            return 0;
        });
        database.Db.Checkpoint();
        logger.LogInformation("Customer data of uninstalled install {InstalledAppId} erased ({Count} records)", installedAppId, erased);
    }
}
