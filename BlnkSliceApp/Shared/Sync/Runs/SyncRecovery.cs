namespace BlnkSliceApp.Shared.Sync.Runs;

/// <summary>
/// At start-up, a run the database still calls Running was cut off by a crash: it is marked
/// Interrupted and resumed from its stored window and cursor. At shutdown, running work is
/// cancelled and allowed to record where it stopped.
/// </summary>
public sealed class SyncRecovery(SyncRuns runs, SyncLauncher launcher, ILogger<SyncRecovery> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ResumeInterrupted();
        return Task.CompletedTask;
    }

    public int ResumeInterrupted()
    {
        var resumed = 0;
        foreach (var run in runs.Running())
        {
            if (launcher.ActiveRunId(run.InstalledAppId) == run.RunId)
                continue;
            runs.Finish(run, SyncRunStatus.Interrupted, "The app stopped during this run; a new run continued from where it stopped.");
            var start = launcher.Start(run.InstalledAppId, SyncTrigger.Resume, resumes: run);
            if (start.Started) resumed++;
            logger.LogInformation("Sync run {RunId} of {InstalledAppId} was interrupted; resumed: {Resumed}", run.RunId, run.InstalledAppId, start.Started);
        }
        return resumed;
    }

    public Task StopAsync(CancellationToken cancellationToken) => launcher.StopAllAsync(TimeSpan.FromSeconds(10));
}
