using System.Diagnostics;
using System.Diagnostics.Metrics;
using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Shared.Telemetry;

/// <summary>
/// The sync's instruments and spans. Recording costs next to nothing while nobody listens
/// (METRICS_PORT and OTEL_EXPORTER_OTLP_ENDPOINT unset). Labels are install ids and small
/// fixed sets (trigger, outcome, currency): never a key, a token or an email.
/// </summary>
public sealed class SyncMetrics : IDisposable
{
    public const string MeterName = "BlnkSliceApp.Sync";
    public const string ActivitySourceName = "BlnkSliceApp.Sync";
    public const string InstallTag = "install_id";

    /// <summary>From a webhook run of a second to a first backfill of an hour.</summary>
    static readonly double[] RunDurationBuckets = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600];

    /// <summary>From a turn taken behind a few calls (a Cloud call takes tens of milliseconds) to a queue of seconds.</summary>
    static readonly double[] CloudCallWaitBuckets = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    readonly Counter<long> _postings;
    readonly Counter<long> _refusals;
    readonly Counter<long> _stripeRateLimited;
    readonly Counter<long> _cloudRetries;
    readonly Histogram<double> _runDuration;
    readonly Counter<long> _cloudCallWaits;
    readonly Histogram<double> _cloudCallWait;

    /// <summary>The install whose run is making the current calls (Stripe's handlers do not know it otherwise).</summary>
    static readonly AsyncLocal<string?> CurrentInstall = new();

    public SyncMetrics(IMeterFactory meters, CompletedRuns completed, CloudCallSlots cloudCalls, RunSlots runSlots)
    {
        Meter = meters.Create(new MeterOptions(MeterName));
        Source = new ActivitySource(ActivitySourceName);
        _postings = Meter.CreateCounter<long>("blnkslice.sync.postings", "{posting}",
            "Balance transactions settled in the ledger, by result: posted, or already_present (found there, not posted twice).");
        _refusals = Meter.CreateCounter<long>("blnkslice.sync.refusals", "{posting}",
            "Postings Blnk refused (each raises an alert and fails its run).");
        _stripeRateLimited = Meter.CreateCounter<long>("blnkslice.stripe.rate_limited", "{response}",
            "Stripe answers 429 (rate limited); each pauses the account's calls for Retry-After.");
        _cloudRetries = Meter.CreateCounter<long>("blnkslice.cloud.retries", "{retry}",
            "Blnk Cloud calls tried again, by reason (the status code, timeout or connection).");
        _runDuration = Meter.CreateHistogram("blnkslice.sync.run.duration", "s",
            "How long sync runs take, by trigger and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = RunDurationBuckets });
        _cloudCallWaits = Meter.CreateCounter<long>("blnkslice.cloud.call_slot.waits", "{call}",
            "Blnk Cloud calls (attempts) that waited for a free slot (CLOUD_MAX_CONCURRENT_CALLS) before being sent.");
        _cloudCallWait = Meter.CreateHistogram("blnkslice.cloud.call_slot.wait.duration", "s",
            "How long Blnk Cloud calls that waited for a free slot waited.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = CloudCallWaitBuckets });
        Meter.CreateObservableGauge("blnkslice.cloud.calls.in_flight", () => (long)cloudCalls.InFlight, "{call}",
            "Blnk Cloud calls (attempts) in flight now, across every install; at most CLOUD_MAX_CONCURRENT_CALLS.");
        Meter.CreateObservableGauge("blnkslice.cloud.calls.waiting", () => (long)cloudCalls.Waiting, "{call}",
            "Blnk Cloud calls waiting for a free slot now.");
        Meter.CreateObservableCounter("blnkslice.sync.runs.held_for_memory", () => runSlots.HeldForMemory, "{run}",
            "Runs that found a free slot but waited for the managed heap to go under SYNC_MEMORY_BUDGET_MB before starting.");
        Meter.CreateObservableGauge("blnkslice.sync.lag", completed.Lag, "s",
            "Seconds since the install's last completed run (since it was installed, before its first).");
        Meter.CreateObservableGauge("blnkslice.sync.reconciliation.difference", completed.Differences, "{unit}",
            "Stripe's balance minus its mirror in the ledger at the last completed run, in the currency's major units; 0 when they match.");
    }

    public Meter Meter { get; }
    public ActivitySource Source { get; }

    /// <summary>Until the returned scope ends, calls made in this flow count for the install.</summary>
    public static IDisposable ForInstall(string installedAppId)
    {
        var previous = CurrentInstall.Value;
        CurrentInstall.Value = installedAppId;
        return new Restore(previous);
    }

    sealed class Restore(string? previous) : IDisposable
    {
        public void Dispose() => CurrentInstall.Value = previous;
    }

    public void Settled(string installedAppId, SyncItemState state, int count)
    {
        if (count == 0) return;
        var install = new KeyValuePair<string, object?>(InstallTag, installedAppId);
        switch (state)
        {
            case SyncItemState.Posted:
                _postings.Add(count, install, new("result", "posted"));
                break;
            case SyncItemState.AlreadyPresent:
                _postings.Add(count, install, new("result", "already_present"));
                break;
            case SyncItemState.Rejected:
                _refusals.Add(count, install);
                break;
        }
    }

    public void StripeRateLimited() => _stripeRateLimited.Add(1, new KeyValuePair<string, object?>(InstallTag, CurrentInstall.Value ?? "none"));

    /// <param name="reason">A status code, "timeout" or "connection": a handful of values.</param>
    public void CloudRetried(string? installedAppId, string reason) =>
        _cloudRetries.Add(1, new(InstallTag, installedAppId ?? CurrentInstall.Value ?? "none"), new("reason", reason));

    /// <summary>A Cloud call that found no free slot was sent after <paramref name="waited"/>.</summary>
    public void CloudCallWaited(string? installedAppId, TimeSpan waited)
    {
        _cloudCallWaits.Add(1, new KeyValuePair<string, object?>(InstallTag, installedAppId ?? CurrentInstall.Value ?? "none"));
        _cloudCallWait.Record(waited.TotalSeconds);
    }

    public void RunEnded(SyncRunRecord run, TimeSpan duration) =>
        _runDuration.Record(duration.TotalSeconds,
            new("trigger", run.Trigger.ToString().ToLowerInvariant()),
            new("outcome", run.Status.ToString().ToLowerInvariant()));

    /// <summary>A span for a whole run; null when no tracer listens. Called from the run's own flow.</summary>
    public Activity? StartRun(SyncRunRecord run)
    {
        // A root of its own: a run outlives the portal request or webhook that started it.
        Activity.Current = null;
        var activity = Source.StartActivity("sync run", ActivityKind.Internal);
        activity?.SetTag(InstallTag, run.InstalledAppId);
        activity?.SetTag("run_id", run.RunId);
        activity?.SetTag("trigger", run.Trigger.ToString().ToLowerInvariant());
        return activity;
    }

    public void Dispose() => Source.Dispose();
}
