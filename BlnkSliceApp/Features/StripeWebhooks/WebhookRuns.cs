using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Features.StripeWebhooks;

/// <summary>
/// Turns webhook events into incremental runs, debounced per install: a run starts
/// <see cref="Settle"/> after the first event of a burst (so a charge and its balance event
/// make one run), at most one every <see cref="Spacing"/>, and never beside another run of the
/// install: events that arrive while a run goes on, or within the spacing, wait for one later
/// run. Times follow the app's clock; a loop looks every <see cref="Tick"/>. Pending triggers
/// live in memory: after a restart the schedule and the daily safety run catch up.
/// </summary>
public sealed class WebhookRuns(ISyncLauncher launcher, TimeProvider time, ILogger<WebhookRuns> logger) : BackgroundService
{
    public static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Spacing = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(500);

    readonly Lock _gate = new();
    readonly Dictionary<string, DateTimeOffset> _due = new(StringComparer.Ordinal);
    readonly Dictionary<string, DateTimeOffset> _lastStarted = new(StringComparer.Ordinal);

    /// <summary>An event for the install arrived: a run is due after the settle time and the spacing.</summary>
    public void Notify(string installedAppId)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_due.ContainsKey(installedAppId))
                return;
            var due = now + Settle;
            if (_lastStarted.TryGetValue(installedAppId, out var last) && last + Spacing > due)
                due = last + Spacing;
            _due[installedAppId] = due;
        }
    }

    /// <summary>When the install's next webhook run is due, if one is.</summary>
    public DateTimeOffset? DueAt(string installedAppId)
    {
        lock (_gate)
            return _due.TryGetValue(installedAppId, out var due) ? due : null;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Tick);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
                StartDue();
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Starts the runs that are due; returns how many started.</summary>
    public int StartDue()
    {
        var now = time.GetUtcNow();
        string[] due;
        lock (_gate)
            due = _due.Where(pair => pair.Value <= now).Select(pair => pair.Key).ToArray();
        var started = 0;
        foreach (var installedAppId in due)
        {
            SyncStart start;
            try
            {
                start = launcher.Start(installedAppId, SyncTrigger.Webhook);
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                // Kept due: the next tick tries again.
                logger.LogWarning(error, "A webhook run of {InstalledAppId} could not start", installedAppId);
                continue;
            }
            // Another run is going on: its window was fixed before these events, so one more follows it.
            if (start is { Started: true, AlreadyRunning: true })
                continue;
            lock (_gate)
            {
                _due.Remove(installedAppId);
                if (start.Started)
                    _lastStarted[installedAppId] = now;
            }
            if (start.Started)
                started++;
            else
                logger.LogInformation("A Stripe event for {InstalledAppId} started no run: {Refusal}", installedAppId, start.Refusal);
        }
        return started;
    }
}
