using BlnkSliceApp.Features.StripeWebhooks;
using BlnkSliceApp.Shared.Sync.Runs;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlnkSliceApp.Tests.Features.StripeWebhooks;

/// <summary>The debounce on the app's clock: when a webhook run starts, and how events coalesce.</summary>
public sealed class WebhookRunsTests
{
    const string Install = "instapp_debounce";
    readonly TestClock _clock = new();
    readonly StubLauncher _launcher = new();
    readonly WebhookRuns _runs;

    public WebhookRunsTests() => _runs = new WebhookRuns(_launcher, _clock, NullLogger<WebhookRuns>.Instance);

    [Fact]
    public void An_event_starts_one_run_after_the_settle_time_well_within_ten_seconds()
    {
        _runs.Notify(Install);
        Assert.Equal(0, _runs.StartDue());

        _clock.Advance(WebhookRuns.Settle);

        Assert.True(WebhookRuns.Settle < TimeSpan.FromSeconds(10));
        Assert.Equal(1, _runs.StartDue());
        Assert.Equal([(Install, SyncTrigger.Webhook)], _launcher.Starts);
        Assert.Null(_runs.DueAt(Install));
    }

    [Fact]
    public void Events_close_together_share_one_run()
    {
        _runs.Notify(Install);
        _clock.Advance(TimeSpan.FromSeconds(1));
        _runs.Notify(Install);
        _clock.Advance(WebhookRuns.Settle);

        Assert.Equal(1, _runs.StartDue());
        _clock.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(0, _runs.StartDue());
        Assert.Single(_launcher.Starts);
    }

    [Fact]
    public void Runs_are_at_least_thirty_seconds_apart_and_events_meanwhile_make_one_later_run()
    {
        _runs.Notify(Install);
        _clock.Advance(WebhookRuns.Settle);
        _runs.StartDue();

        _clock.Advance(TimeSpan.FromSeconds(5));
        _runs.Notify(Install);
        _clock.Advance(TimeSpan.FromSeconds(5));
        _runs.Notify(Install);
        _clock.Advance(TimeSpan.FromSeconds(10));
        Assert.Equal(0, _runs.StartDue());

        _clock.Advance(WebhookRuns.Spacing - TimeSpan.FromSeconds(20));
        Assert.Equal(1, _runs.StartDue());
        Assert.Equal(2, _launcher.Starts.Count);
    }

    [Fact]
    public void An_event_during_a_run_waits_for_it_to_end_and_then_starts_one_more()
    {
        _launcher.Running = true;
        _runs.Notify(Install);
        _clock.Advance(WebhookRuns.Spacing);
        Assert.Equal(0, _runs.StartDue());
        Assert.NotNull(_runs.DueAt(Install));

        _launcher.Running = false;
        Assert.Equal(1, _runs.StartDue());
        Assert.Null(_runs.DueAt(Install));
    }

    [Fact]
    public void An_install_that_may_not_sync_is_dropped_without_retrying()
    {
        _launcher.Refusal = SyncStartRefusal.NoStripeKey;
        _runs.Notify(Install);
        _clock.Advance(WebhookRuns.Settle);

        Assert.Equal(0, _runs.StartDue());
        Assert.Null(_runs.DueAt(Install));
    }

    sealed class StubLauncher : ISyncLauncher
    {
        public List<(string, SyncTrigger)> Starts { get; } = [];
        public bool Running { get; set; }
        public SyncStartRefusal Refusal { get; set; }

        public SyncStart Start(string installedAppId, SyncTrigger trigger)
        {
            if (Refusal != SyncStartRefusal.None)
                return new SyncStart(null, false, Refusal, "refused");
            if (Running)
                return new SyncStart(new SyncRunRecord { RunId = "running" }, AlreadyRunning: true, SyncStartRefusal.None, null);
            Starts.Add((installedAppId, trigger));
            return new SyncStart(new SyncRunRecord { RunId = Guid.NewGuid().ToString() }, AlreadyRunning: false, SyncStartRefusal.None, null);
        }
    }
}
