using System.Threading.Channels;
using BlnkSliceApp.Shared.Storage;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>
/// Checks a new install's key with Cloud right after the install answered (Cloud gives the
/// callback only 10 seconds, and anyone can post one), and at start-up for installs not
/// confirmed yet. An install whose key Cloud accepts for its instance is marked
/// <see cref="InstallRecord.KeyConfirmed"/>; one Cloud does not know stays unconfirmed, so a
/// made-up install on an instance named in STRIPE_SECRET_KEY_INSTANCES never borrows the
/// deployment's Stripe key.
/// </summary>
public sealed class InstallKeyConfirmation(
    AppDatabase database,
    GroupCommit commits,
    InstallDirectory installs,
    InstallEventGate gate,
    ICloudKeyCheck keyCheck,
    ILogger<InstallKeyConfirmation> logger) : BackgroundService
{
    static readonly TimeSpan[] RetryDelays = [TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(10)];
    readonly Channel<string> _queue = Channel.CreateUnbounded<string>();

    public void Enqueue(string installedAppId) => _queue.Writer.TryWrite(installedAppId);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        foreach (var install in installs.AllUsable().Where(install => !install.KeyConfirmed && !install.KeyRefused))
            Enqueue(install.InstalledAppId);
        await foreach (var id in _queue.Reader.ReadAllAsync(stoppingToken))
            _ = ConfirmWithRetriesAsync(id, stoppingToken);
    }

    async Task ConfirmWithRetriesAsync(string installedAppId, CancellationToken stoppingToken)
    {
        try
        {
            for (var attempt = 0; ; attempt++)
            {
                var verdict = await ConfirmAsync(installedAppId, stoppingToken);
                if (verdict != KeyVerdict.Unreachable || attempt == RetryDelays.Length)
                    return;
                await Task.Delay(RetryDelays[attempt], stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        catch (Exception error)
        {
            logger.LogWarning(error, "Confirming the key of install {InstalledAppId} failed; it is tried again at the next start", installedAppId);
        }
    }

    /// <summary>One check now (also for tests); Unreachable means "ask again later".</summary>
    public async Task<KeyVerdict> ConfirmAsync(string installedAppId, CancellationToken ct = default)
    {
        if (installs.FindUsable(installedAppId) is not { KeyConfirmed: false } install)
            return KeyVerdict.Accepted;
        if (install.KeyRefused)
            return KeyVerdict.Revoked;
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(ct);
        budget.CancelAfter(InstallEventGate.EventBudget);
        var verdict = await keyCheck.CheckAsync(install.InstanceId, installs.OpenApiKey(install), install.GrantedPermissions, budget.Token);
        if (verdict == KeyVerdict.Unreachable)
            return verdict;
        // Committed with the install events of the moment: right after a burst of installs, their
        // confirmations arrive together too.
        using (await gate.EnterAsync(installedAppId, ct))
            await commits.WriteAsync(() =>
            {
                var records = database.Collection<InstallRecord>(InstallRecord.Collection);
                // Only the key that was checked: another event may have brought a new one meanwhile.
                if (records.FindById(installedAppId) is { IsUsable: true, KeyConfirmed: false } current && current.Generation == install.Generation)
                {
                    current.KeyConfirmed = verdict == KeyVerdict.Accepted;
                    current.KeyRefused = verdict != KeyVerdict.Accepted;
                    records.Update(current);
                }
            });
        if (verdict == KeyVerdict.Accepted)
            logger.LogInformation("Install {InstalledAppId}: Blnk Cloud confirmed its key for instance {InstanceId}", installedAppId, install.InstanceId);
        else
            logger.LogWarning("Install {InstalledAppId}: Blnk Cloud does not know its key for instance {InstanceId} ({Verdict}); it gets nothing of the deployment's until a confirmed key arrives",
                installedAppId, install.InstanceId, verdict);
        return verdict;
    }
}
