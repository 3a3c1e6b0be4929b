using BlnkSliceApp.Features.Runs;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Features.SyncNow;

/// <summary>
/// The scheduled sync. Each install has its own interval (off, or 15 min to 24 h, chosen in
/// Settings; SYNC_INTERVAL_MINUTES until it chooses): once a minute, every install whose
/// interval has passed since its last run starts one. An install without a Stripe key is
/// skipped (it is told so in the portal, not the log). A schedule that has not completed a run
/// for three intervals raises an alert.
/// </summary>
public sealed class SyncSchedule(
    ISyncLauncher launcher,
    InstallDirectory installs,
    RunHistory history,
    AppDatabase database,
    RunAlerts alerts,
    ScheduleDefaults defaults,
    TimeProvider time,
    ILogger<SyncSchedule> logger) : BackgroundService
{
    /// <summary>How often the schedule looks for installs that are due.</summary>
    public static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    public const int MinMinutes = 15;
    public const int MaxMinutes = 24 * 60;

    /// <summary>A schedule that has not completed a run for this many intervals raises an alert.</summary>
    public const int StalledIntervals = 3;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                await StartDueAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>The install's interval; zero when its schedule is off.</summary>
    public TimeSpan IntervalOf(InstallRecord install) =>
        TimeSpan.FromMinutes(Preferences(install.InstalledAppId)?.ScheduleMinutes ?? defaults.Minutes);

    /// <summary>One round of the schedule; returns how many runs it started.</summary>
    public async Task<int> StartDueAsync(CancellationToken ct = default)
    {
        var started = 0;
        var now = time.GetUtcNow();
        foreach (var install in installs.AllUsable())
        {
            if (!SyncBarViews.CanSync(install))
                continue;
            var interval = IntervalOf(install);
            if (interval <= TimeSpan.Zero)
                continue;
            try
            {
                // A repair in between does not put the next sync off.
                var latest = history.LatestSync(install.InstalledAppId);
                await WatchForStallAsync(install, interval, latest, now, ct);
                if (now < NextRunOf(install, interval, latest))
                    continue;
                var start = launcher.Start(install.InstalledAppId, SyncTrigger.Schedule);
                if (start.Started && !start.AlreadyRunning)
                    started++;
                else
                    logger.LogDebug("Scheduled sync of {InstalledAppId} not started: {Refusal}{Already}",
                        install.InstalledAppId, start.Refusal, start.AlreadyRunning ? " (a run is in progress)" : "");
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // One install's trouble must not stop the others' schedule.
                logger.LogWarning(error, "Scheduled sync of {InstalledAppId} could not start", install.InstalledAppId);
            }
        }
        return started;
    }

    /// <summary>The schedule in words and its next run, for the portal.</summary>
    public ScheduleText Describe(InstallRecord install, SyncRunRecord? latest)
    {
        var interval = IntervalOf(install);
        if (!SyncBarViews.CanSync(install))
            return new ScheduleText("No scheduled sync: this install may not sync.", null);
        if (interval <= TimeSpan.Zero)
            return new ScheduleText("The schedule is off; runs start only with Sync now.", null);
        if (latest?.Trigger == SyncTrigger.Repair)
            latest = history.LatestSync(install.InstalledAppId);
        var next = NextRunOf(install, interval, latest);
        var now = time.GetUtcNow();
        return new ScheduleText($"Every {IntervalText(interval)}.", next < now ? now + Tick : next);
    }

    public static string IntervalText(TimeSpan interval) => interval.TotalMinutes switch
    {
        >= 60 when interval.TotalMinutes % 60 == 0 => interval.TotalHours == 1 ? "hour" : $"{interval.TotalHours:0} hours",
        _ => $"{interval.TotalMinutes:0} minutes",
    };

    static DateTimeOffset NextRunOf(InstallRecord install, TimeSpan interval, SyncRunRecord? latest) =>
        UnixMs.ToTime(latest?.StartedAt ?? install.InstalledAt) + interval;

    async Task WatchForStallAsync(InstallRecord install, TimeSpan interval, SyncRunRecord? latest, DateTimeOffset now, CancellationToken ct)
    {
        var completed = history.LatestSucceeded(install.InstalledAppId) is { EndedAt: { } ended } ? UnixMs.ToTime(ended) : UnixMs.ToTime(install.InstalledAt);
        if (now - completed >= interval * StalledIntervals)
            await alerts.RaiseStalledAsync(install, interval, completed, latest, ct);
    }

    ScheduleChoice? Preferences(string installedAppId) =>
        _choices.Find(installedAppId, () => database.Collection<SyncPreferences>(SyncPreferences.Collection).FindById(installedAppId) is { } preferences
            ? new ScheduleChoice(preferences.ScheduleMinutes)
            : null);

    /// <summary>
    /// Every portal view shows the schedule: the install's choice is kept while the preferences
    /// are unchanged (the ids are installs', so "none chosen" is kept too).
    /// </summary>
    readonly KeptById<ScheduleChoice> _choices = new(database, SyncPreferences.Collection, choice => choice, keepMissing: true);

    sealed record ScheduleChoice(int? ScheduleMinutes);
}

/// <summary>SYNC_INTERVAL_MINUTES: the interval of every install that has not chosen its own (0 is off).</summary>
public sealed record ScheduleDefaults(int Minutes);
