using System.Threading.Channels;
using BlnkSliceApp.Shared.Storage;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>
/// Erases an uninstalled install's customer data and Stripe key, right after the uninstall has
/// answered Cloud (it can take longer than Cloud waits), at every start for an erasure a crash
/// interrupted, and hourly for erasures due later (<see cref="InstallRecord.EraseAfter"/>): the
/// uninstall marks the install <see cref="InstallRecord.ErasePending"/> in its own transaction. A checkpoint then folds LiteDB's log into the data file, whose freed blocks
/// LiteDB clears, so the erased text is not left readable in either file.
/// </summary>
public sealed class InstallDataErasure(
    AppDatabase database,
    InstallDirectory installs,
    InstallEventGate gate,
    IEnumerable<IInstallErasable> stores,
    TimeProvider time,
    ILogger<InstallDataErasure> logger) : BackgroundService
{
    readonly Channel<string> _queue = Channel.CreateUnbounded<string>();

    public void Enqueue(string installedAppId) => _queue.Writer.TryWrite(installedAppId);

    static readonly TimeSpan DueCheckInterval = TimeSpan.FromHours(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var due = new PeriodicTimer(DueCheckInterval);
        var reading = Task.Run(() => EraseQueuedAsync(stoppingToken), stoppingToken);
        do
        {
            var now = UnixMs.From(time.GetUtcNow());
            foreach (var install in installs.PendingErasure().Where(install => install.EraseAfter <= now))
                Enqueue(install.InstalledAppId);
        }
        while (await due.WaitForNextTickAsync(stoppingToken));
        await reading;
    }

    async Task EraseQueuedAsync(CancellationToken stoppingToken)
    {
        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
        {
            try
            {
                await EraseAsync(id, stoppingToken);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Still pending on the record: the next round tries again.
                logger.LogError(error, "Erasing the customer data of uninstalled install {InstalledAppId} failed; it is retried", id);
            }
        }
    }

    /// <summary>Erases now (also for tests); nothing happens unless the install is uninstalled and pending.</summary>
    public async Task EraseAsync(string installedAppId, CancellationToken ct = default)
    {
        if (installs.Find(installedAppId) is not { ErasePending: true, Status: InstallStatus.Uninstalled } install
            || install.EraseAfter > UnixMs.From(time.GetUtcNow()))
            return;
        var erased = stores.Sum(store => store.EraseInstallData(installedAppId));
        // The flag is the install record's: written in turn with Cloud's events for the install,
        // so a re-install that landed meanwhile is never overwritten with the uninstalled record.
        using (await gate.EnterAsync(installedAppId, ct))
            database.InTransaction(() =>
            {
                var records = database.Collection<InstallRecord>(InstallRecord.Collection);
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
