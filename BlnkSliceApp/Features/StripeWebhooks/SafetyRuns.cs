using BlnkSliceApp.Features.SyncNow;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Engine;
using BlnkSliceApp.Shared.Sync.Runs;
using LiteDB;

namespace BlnkSliceApp.Features.StripeWebhooks;

/// <summary>
/// Once a day per install, a run that reads the last <see cref="SyncRunner.SafetyWindow"/> again
/// (recorded transactions are skipped, so nothing posts twice): webhooks get lost, and an
/// incremental run reads only ten minutes before its last window. Due <see cref="Interval"/>
/// after the install's last safety run (the first one a day after the install), on the app's
/// clock; looked for every minute. Installs that may sync, with a webhook secret or a schedule on.
/// </summary>
public sealed class SafetyRuns(
    ISyncLauncher launcher,
    InstallDirectory installs,
    WebhookEndpoints endpoints,
    SyncSchedule schedule,
    AppDatabase database,
    TimeProvider time,
    ILogger<SafetyRuns> logger) : BackgroundService
{
    public const string Collection = "sync_safety_runs";
    public static readonly TimeSpan Interval = TimeSpan.FromDays(1);
    public static readonly TimeSpan Tick = TimeSpan.FromMinutes(1);

    ILiteCollection<SafetyRunMark> Marks => database.Collection<SafetyRunMark>(Collection);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                StartDue();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>When the install's next safety run is due; null when it gets none.</summary>
    public DateTimeOffset? NextRunOf(InstallRecord install)
    {
        if (!SyncBarViews.CanSync(install) || !Applies(install))
            return null;
        return UnixMs.ToTime(Marks.FindById(install.InstalledAppId)?.LastStartedAt ?? install.InstalledAt) + Interval;
    }

    bool Applies(InstallRecord install) =>
        schedule.IntervalOf(install) > TimeSpan.Zero
        || endpoints.Find(install.InstalledAppId) is { Secret: not null };

    /// <summary>One round; returns how many safety runs started.</summary>
    public int StartDue()
    {
        var now = time.GetUtcNow();
        var started = 0;
        foreach (var install in installs.AllUsable())
        {
            try
            {
                if (NextRunOf(install) is not { } due || now < due)
                    continue;
                var start = launcher.Start(install.InstalledAppId, SyncTrigger.Safety);
                // Behind a run in progress: the next round tries again.
                if (start.AlreadyRunning)
                    continue;
                // Refused (no Stripe key, say) counts as today's: tried again tomorrow, not every minute.
                Marks.Upsert(new SafetyRunMark { InstalledAppId = install.InstalledAppId, LastStartedAt = UnixMs.From(now) });
                if (start.Started)
                    started++;
                else
                    logger.LogInformation("The daily safety run of {InstalledAppId} did not start: {Refusal}", install.InstalledAppId, start.Refusal);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                logger.LogWarning(error, "The daily safety run of {InstalledAppId} could not start", install.InstalledAppId);
            }
        }
        return started;
    }

    sealed class SafetyRunMark
    {
        [BsonId] public string InstalledAppId { get; set; } = "";
        public long LastStartedAt { get; set; }
    }
}
