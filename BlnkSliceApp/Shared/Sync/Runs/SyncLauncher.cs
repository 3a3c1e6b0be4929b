using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Engine;
using BlnkSliceApp.Shared.Telemetry;

namespace BlnkSliceApp.Shared.Sync.Runs;

/// <summary>
/// Starts runs in the background, at most one per install, each cancelled by the install's
/// lifetime (uninstall) and by the app stopping. A run that the app's stop cut short is
/// marked Interrupted and resumed at the next start (see <see cref="SyncRecovery"/>). A run
/// started when every slot of the process is taken waits its turn (<see cref="RunSlots"/>),
/// shown as its phase.
/// </summary>
public sealed class SyncLauncher(
    InstallDirectory installs,
    StripeKeys stripeKeys,
    SyncRuns runs,
    IServiceProvider services,
    InstallLifetimes lifetimes,
    RunSlots slots,
    Alerts.RunAlerts runAlerts,
    SyncMetrics metrics,
    CompletedRuns completedRuns,
    TimeProvider time,
    ILogger<SyncLauncher> logger) : ISyncLauncher, IAsyncDisposable
{
    readonly Lock _gate = new();
    readonly Dictionary<string, ActiveRun> _active = new(StringComparer.Ordinal);
    readonly CancellationTokenSource _stopping = new();

    sealed record ActiveRun(SyncRunRecord Run, CancellationTokenSource Cancel, Task Work);

    public SyncStart Start(string installedAppId, SyncTrigger trigger) => Start(installedAppId, trigger, resumes: null);

    /// <summary>
    /// Starts a repair run (the portal's Repair view): it changes the install's items under the
    /// same one-run-per-install rule as every run, so nothing else reads or writes them meanwhile.
    /// When any run is in progress, none starts (<see cref="SyncStart.AlreadyRunning"/>).
    /// </summary>
    public SyncStart StartRepair(string installedAppId, Repair.RepairRecord repair) =>
        Start(installedAppId, SyncTrigger.Repair, resumes: null, repair);

    /// <summary>Waits for the run to end, at most <paramref name="timeout"/>; false when it is still going.</summary>
    public async Task<bool> WaitAsync(string installedAppId, string runId, TimeSpan timeout)
    {
        Task? work;
        lock (_gate)
            work = _active.TryGetValue(installedAppId, out var active) && active.Run.RunId == runId ? active.Work : null;
        if (work is null) return true;
        try
        {
            await work.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    internal SyncStart Start(string installedAppId, SyncTrigger trigger, SyncRunRecord? resumes, Repair.RepairRecord? repair = null)
    {
        if (installs.FindActive(installedAppId) is not { } install)
            return Refused(SyncStartRefusal.NotInstalled, "The app is not installed in this instance any more.");
        if (install.NeedsReinstall)
            return Refused(SyncStartRefusal.NeedsReinstall, InstallNotices.NeedsReinstall);
        if (!install.Has(Scopes.DataRead) || !install.Has(Scopes.DataWrite))
            return Refused(SyncStartRefusal.MissingPermission, "Syncing needs the data:read and data:write permissions. An admin can reinstall the app in Blnk Cloud and grant them.");
        if (stripeKeys.For(install) is null && !stripeKeys.AwaitsConfirmation(install))
            return Refused(SyncStartRefusal.NoStripeKey, "Connect a Stripe account first: enter a Stripe secret or restricted key under Stripe connection.");
        completedRuns.Watch(install);

        lock (_gate)
        {
            if (_stopping.IsCancellationRequested)
                return Refused(SyncStartRefusal.NotInstalled, "The app is shutting down; try again in a moment.");
            if (_active.TryGetValue(installedAppId, out var active))
                return new SyncStart(runs.Get(active.Run.RunId) ?? active.Run, AlreadyRunning: true, SyncStartRefusal.None, null);

            var run = runs.Create(installedAppId, trigger, repair);
            if (resumes is not null)
            {
                run.WindowFrom = resumes.WindowFrom;
                run.WindowTo = resumes.WindowTo;
                run.ListingCursor = resumes.ListingCursor;
                run.ListingDone = resumes.ListingDone;
                run.Ranges = resumes.Ranges;
                runs.Save(run);
            }
            var cancel = CancellationTokenSource.CreateLinkedTokenSource(lifetimes.TokenFor(installedAppId), _stopping.Token);
            var work = Task.Run(() => ExecuteAsync(run, cancel.Token), CancellationToken.None);
            _active[installedAppId] = new ActiveRun(run, cancel, work);
            return new SyncStart(run, AlreadyRunning: false, SyncStartRefusal.None, null);
        }
    }

    /// <summary>The id of the run in progress for the install in this process, if any.</summary>
    public string? ActiveRunId(string installedAppId)
    {
        lock (_gate)
            return _active.TryGetValue(installedAppId, out var active) ? active.Run.RunId : null;
    }

    async Task ExecuteAsync(SyncRunRecord run, CancellationToken ct)
    {
        using var forInstall = SyncMetrics.ForInstall(run.InstalledAppId);
        using var span = metrics.StartRun(run);
        var started = time.GetTimestamp();
        try
        {
            using var slot = await slots.TakeAsync(ahead =>
            {
                run.Phase = ahead switch
                {
                    < 0 => "Waiting for memory (next in line: the runs in progress use the memory budget)",
                    0 => "Waiting for a free slot (next in line)",
                    _ => $"Waiting for a free slot ({ahead} run{(ahead == 1 ? "" : "s")} ahead)",
                };
                runs.Save(run);
            }, ct);
            await using var scope = services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<SyncRunner>().RunAsync(run, ct);
            runs.Finish(run, run.Counts.Failed > 0 ? SyncRunStatus.Failed : SyncRunStatus.Succeeded,
                run.Counts.Failed > 0 ? $"{run.Counts.Failed} posting(s) were refused by Blnk; see the alerts." : null);
            logger.LogInformation("Sync run {RunId} of {InstalledAppId} ended: {Fetched} fetched, {Posted} posted, {Present} already present, {Failed} failed",
                run.RunId, run.InstalledAppId, run.Counts.Fetched, run.Counts.Posted, run.Counts.AlreadyPresent, run.Counts.Failed);
            await AlertOnOutcomeAsync(run, ct);
        }
        catch (SimulatedCrashException)
        {
            // A "killed" process writes nothing more: the run stays Running until a restart finds it.
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            if (_stopping.IsCancellationRequested && installs.FindActive(run.InstalledAppId) is not null)
                runs.Finish(run, SyncRunStatus.Interrupted, "The app stopped during this run; it continues when the app starts again.");
            else
                runs.Finish(run, SyncRunStatus.Cancelled, "Stopped: the app was uninstalled.");
        }
        catch (CloudCallException refused) when (refused.Status == StatusCodes.Status401Unauthorized)
        {
            // Cloud revokes a key before it sends the uninstall (or a new key): the event follows.
            logger.LogInformation("Sync run {RunId} of {InstalledAppId} stopped: Blnk Cloud no longer accepts the install's key", run.RunId, run.InstalledAppId);
            runs.Finish(run, SyncRunStatus.Cancelled, "Stopped: Blnk Cloud no longer accepts this install's key (it revokes it when the app is uninstalled or its permissions change). A run with the new key continues where this one stopped.");
        }
        catch (Exception error) when (Readable(error) is { } message)
        {
            logger.LogWarning("Sync run {RunId} of {InstalledAppId} failed: {Reason}", run.RunId, run.InstalledAppId, message);
            runs.Finish(run, SyncRunStatus.Failed, message);
            await AlertOnOutcomeAsync(run, ct);
        }
        catch (Exception error)
        {
            logger.LogError(error, "Sync run {RunId} of {InstalledAppId} failed unexpectedly", run.RunId, run.InstalledAppId);
            runs.Finish(run, SyncRunStatus.Failed, "An unexpected error stopped the sync. Nothing recorded was lost: the next run continues where this one stopped.");
            await AlertOnOutcomeAsync(run, ct);
        }
        finally
        {
            if (run.IsFinished)
            {
                metrics.RunEnded(run, time.GetElapsedTime(started));
                span?.SetTag("outcome", run.Status.ToString().ToLowerInvariant());
                if (run.Status == SyncRunStatus.Failed)
                    span?.SetStatus(System.Diagnostics.ActivityStatusCode.Error);
            }
            lock (_gate)
            {
                if (_active.TryGetValue(run.InstalledAppId, out var active) && active.Run.RunId == run.RunId)
                {
                    _active.Remove(run.InstalledAppId);
                    active.Cancel.Dispose();
                }
            }
        }
    }

    /// <summary>A failed run raises an alert; a run that succeeds resolves the alerts about runs.</summary>
    async Task AlertOnOutcomeAsync(SyncRunRecord run, CancellationToken ct)
    {
        if (ct.IsCancellationRequested || installs.FindActive(run.InstalledAppId) is not { } install) return;
        try
        {
            if (run.Status == SyncRunStatus.Failed)
                await runAlerts.RaiseFailedAsync(install, run, ct);
            else if (run.Status == SyncRunStatus.Succeeded)
                await runAlerts.ResolveAsync(install, run, ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    static string? Readable(Exception error) => error switch
    {
        SyncStoppedException stopped => stopped.Message,
        StripeCallException stripe => stripe.Message,
        CloudCallException cloud => cloud.Message,
        _ => null,
    };

    static SyncStart Refused(SyncStartRefusal refusal, string message) => new(null, false, refusal, message);

    /// <summary>Cancels every run and waits for them to record where they stopped.</summary>
    public async Task StopAllAsync(TimeSpan wait)
    {
        Task[] work;
        lock (_gate)
        {
            if (_disposed) return;
            _stopping.Cancel();
            work = _active.Values.Select(active => active.Work).ToArray();
        }
        await Task.WhenAny(Task.WhenAll(work), Task.Delay(wait));
    }

    // The container disposes this once as SyncLauncher and once as ISyncLauncher: the second is a no-op.
    bool _disposed;

    public async ValueTask DisposeAsync()
    {
        await StopAllAsync(TimeSpan.FromSeconds(5));
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
        }
        _stopping.Dispose();
    }
}
