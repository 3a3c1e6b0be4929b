using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Features.SyncNow;

/// <summary>
/// The scheduled sync: every interval, a run for each active install that may sync. An
/// install without a Stripe key is simply skipped (it is told so in the portal, not the log).
/// </summary>
public sealed class SyncSchedule(
    ISyncLauncher launcher,
    InstallDirectory installs,
    TimeSpan interval,
    TimeProvider time,
    ILogger<SyncSchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (interval <= TimeSpan.Zero)
        {
            logger.LogInformation("Scheduled sync is off (SYNC_INTERVAL_MINUTES=0)");
            return;
        }
        using var timer = new PeriodicTimer(interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                StartDue();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>One round of the schedule; returns how many runs it started.</summary>
    public int StartDue()
    {
        var started = 0;
        foreach (var install in installs.AllUsable())
        {
            if (!SyncPanelViews.CanSync(install))
                continue;
            try
            {
                var start = launcher.Start(install.InstalledAppId, SyncTrigger.Schedule);
                if (start.Started && !start.AlreadyRunning)
                    started++;
                else
                    logger.LogDebug("Scheduled sync of {InstalledAppId} not started: {Refusal}{Already}",
                        install.InstalledAppId, start.Refusal, start.AlreadyRunning ? " (a run is in progress)" : "");
            }
            catch (Exception error)
            {
                // One install's trouble must not stop the others' schedule.
                logger.LogWarning(error, "Scheduled sync of {InstalledAppId} could not start", install.InstalledAppId);
            }
        }
        return started;
    }
}
