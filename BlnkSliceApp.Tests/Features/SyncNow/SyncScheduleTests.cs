using System.Collections.Concurrent;
using BlnkSliceApp.Features.Runs;
using BlnkSliceApp.Features.SyncNow;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Alerts;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Tests.Features.SyncNow;

public sealed class SyncScheduleTests(SyncNowAppFactory app) : IClassFixture<SyncNowAppFactory>
{
    readonly HttpClient _client = app.CreateClient();
    readonly LogCapture _logs = new();

    SyncSchedule ScheduleWith(ISyncLauncher launcher, TimeSpan interval, TimeProvider? time = null) =>
        new(launcher, app.Service<InstallDirectory>(), app.Service<RunHistory>(), app.Service<AppDatabase>(), app.Service<RunAlerts>(),
            new ScheduleDefaults((int)interval.TotalMinutes), time ?? app.Clock,
            LoggerFactory.Create(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace)).CreateLogger<SyncSchedule>());

    /// <summary>The app's clock moved on by <paramref name="by"/>, for this schedule only (the app's own clock stays).</summary>
    TimeProvider Later(TimeSpan by) => new ShiftedClock(app.Clock, by);

    [Fact]
    public async Task A_round_starts_a_scheduled_run_for_each_due_install_that_may_sync()
    {
        var readWrite = await _client.CreateInstallAsync("data:read", "data:write");
        var readOnly = await _client.CreateInstallAsync("data:read");
        var writeOnly = await _client.CreateInstallAsync("data:write", "alerts:write");
        var uninstalled = await _client.CreateInstallAsync("data:read", "data:write");
        (await app.UninstallAsync(uninstalled, _client)).EnsureSuccessStatusCode();
        var launcher = new FakeLauncher();

        await ScheduleWith(launcher, TimeSpan.FromMinutes(15), Later(TimeSpan.FromMinutes(16))).StartDueAsync();

        Assert.Contains((readWrite.InstalledAppId, SyncTrigger.Schedule), launcher.Starts);
        Assert.DoesNotContain(launcher.Starts, start => start.InstalledAppId == readOnly.InstalledAppId);
        Assert.DoesNotContain(launcher.Starts, start => start.InstalledAppId == writeOnly.InstalledAppId);
        Assert.DoesNotContain(launcher.Starts, start => start.InstalledAppId == uninstalled.InstalledAppId);
        Assert.All(launcher.Starts, start => Assert.Equal(SyncTrigger.Schedule, start.Trigger));
    }

    [Fact]
    public async Task An_install_is_due_only_once_its_interval_has_passed_since_its_last_run()
    {
        var install = await _client.CreateInstallAsync("data:read", "data:write");
        var run = app.Runs.Create(install.InstalledAppId, SyncTrigger.Manual);
        app.Runs.Finish(run, SyncRunStatus.Succeeded);
        var launcher = new FakeLauncher();

        await ScheduleWith(launcher, TimeSpan.FromMinutes(15), Later(TimeSpan.FromMinutes(14))).StartDueAsync();
        Assert.DoesNotContain(launcher.Starts, start => start.InstalledAppId == install.InstalledAppId);

        await ScheduleWith(launcher, TimeSpan.FromMinutes(15), Later(TimeSpan.FromMinutes(15))).StartDueAsync();
        Assert.Contains((install.InstalledAppId, SyncTrigger.Schedule), launcher.Starts);
    }

    [Fact]
    public async Task A_repair_run_in_between_does_not_put_the_next_scheduled_sync_off()
    {
        var install = await _client.CreateInstallAsync("data:read", "data:write");
        var sync = app.Runs.Create(install.InstalledAppId, SyncTrigger.Manual);
        app.Runs.Finish(sync, SyncRunStatus.Succeeded);
        var repair = app.Runs.Create(install.InstalledAppId, SyncTrigger.Repair);
        repair.StartedAt = sync.StartedAt + (long)TimeSpan.FromMinutes(10).TotalMilliseconds;
        app.Runs.Finish(repair, SyncRunStatus.Succeeded);
        var launcher = new FakeLauncher();

        await ScheduleWith(launcher, TimeSpan.FromMinutes(15), Later(TimeSpan.FromMinutes(15))).StartDueAsync();

        Assert.Contains((install.InstalledAppId, SyncTrigger.Schedule), launcher.Starts);
    }

    [Fact]
    public async Task An_install_s_own_interval_overrides_the_default_and_zero_turns_its_schedule_off()
    {
        var hourly = await _client.CreateInstallAsync("data:read", "data:write");
        var off = await _client.CreateInstallAsync("data:read", "data:write");
        var preferences = app.Service<AppDatabase>().Collection<SyncPreferences>(SyncPreferences.Collection);
        preferences.Upsert(new SyncPreferences { InstalledAppId = hourly.InstalledAppId, ScheduleMinutes = 60 });
        preferences.Upsert(new SyncPreferences { InstalledAppId = off.InstalledAppId, ScheduleMinutes = 0 });
        var launcher = new FakeLauncher();

        await ScheduleWith(launcher, TimeSpan.FromMinutes(15), Later(TimeSpan.FromMinutes(30))).StartDueAsync();
        Assert.DoesNotContain(launcher.Starts, start => start.InstalledAppId == hourly.InstalledAppId);

        await ScheduleWith(launcher, TimeSpan.FromMinutes(15), Later(TimeSpan.FromMinutes(61))).StartDueAsync();
        Assert.Contains((hourly.InstalledAppId, SyncTrigger.Schedule), launcher.Starts);
        Assert.DoesNotContain(launcher.Starts, start => start.InstalledAppId == off.InstalledAppId);
        Assert.Null(ScheduleWith(launcher, TimeSpan.FromMinutes(15)).Describe(app.Service<InstallDirectory>().FindActive(off.InstalledAppId)!, null).NextRun);
    }

    [Fact]
    public async Task An_install_without_a_Stripe_key_is_skipped_quietly_and_the_others_still_start()
    {
        var noKey = await _client.CreateInstallAsync("data:read", "data:write");
        var withKey = await _client.CreateInstallAsync("data:read", "data:write");
        var launcher = new FakeLauncher();
        launcher.Refused[noKey.InstalledAppId] = SyncStartRefusal.NoStripeKey;

        await ScheduleWith(launcher, TimeSpan.FromMinutes(15), Later(TimeSpan.FromMinutes(16))).StartDueAsync();

        Assert.Contains((withKey.InstalledAppId, SyncTrigger.Schedule), launcher.Starts);
        var lines = _logs.Lines.Where(line => line.Contains(noKey.InstalledAppId)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.StartsWith("Debug", line));
    }

    [Fact]
    public async Task A_schedule_that_has_not_completed_a_run_for_three_intervals_raises_one_alert()
    {
        var install = await _client.CreateInstallAsync("data:read", "data:write");
        var launcher = new FakeLauncher();
        launcher.Refused[install.InstalledAppId] = SyncStartRefusal.NoStripeKey;
        var alerts = app.Service<SyncAlerts>();

        await ScheduleWith(launcher, TimeSpan.FromMinutes(15), Later(TimeSpan.FromMinutes(44))).StartDueAsync();
        Assert.Null(alerts.Find(install.InstalledAppId, RaisedAlertKind.ScheduleStalled, "runs"));

        await ScheduleWith(launcher, TimeSpan.FromMinutes(15), Later(TimeSpan.FromMinutes(46))).StartDueAsync();
        await ScheduleWith(launcher, TimeSpan.FromMinutes(15), Later(TimeSpan.FromMinutes(47))).StartDueAsync();

        var alert = alerts.Find(install.InstalledAppId, RaisedAlertKind.ScheduleStalled, "runs");
        Assert.NotNull(alert);
        Assert.True(alert.Open);
        Assert.Equal(1, alert.Occurrences);
        Assert.Contains("every 15 min", alert.Description);
    }

    [Fact]
    public async Task The_schedule_looks_for_due_installs_every_minute()
    {
        var install = await _client.CreateInstallAsync("data:read", "data:write");
        var launcher = new FakeLauncher();
        var timers = new ManualTimers(Later(TimeSpan.FromMinutes(16)));
        var schedule = ScheduleWith(launcher, TimeSpan.FromMinutes(15), timers);

        await schedule.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(() => timers.Period == TimeSpan.FromMinutes(1));
            Assert.Empty(launcher.Starts);

            timers.Fire();
            await Eventually(() => launcher.Starts.Contains((install.InstalledAppId, SyncTrigger.Schedule)));
        }
        finally
        {
            await schedule.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task With_the_default_interval_at_zero_an_install_that_chose_none_is_never_started()
    {
        var install = await _client.CreateInstallAsync("data:read", "data:write");
        var launcher = new FakeLauncher();

        await ScheduleWith(launcher, TimeSpan.Zero, Later(TimeSpan.FromDays(2))).StartDueAsync();

        Assert.DoesNotContain(launcher.Starts, start => start.InstalledAppId == install.InstalledAppId);
    }

    static async Task Eventually(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "the condition did not hold within 10 s");
            await Task.Delay(20);
        }
    }

    sealed class FakeLauncher : ISyncLauncher
    {
        public ConcurrentQueue<(string InstalledAppId, SyncTrigger Trigger)> Starts { get; } = new();
        public ConcurrentDictionary<string, SyncStartRefusal> Refused { get; } = new();

        public SyncStart Start(string installedAppId, SyncTrigger trigger)
        {
            if (Refused.TryGetValue(installedAppId, out var refusal))
                return new SyncStart(null, false, refusal, "Connect a Stripe account first.");
            Starts.Enqueue((installedAppId, trigger));
            return new SyncStart(new SyncRunRecord { InstalledAppId = installedAppId, Trigger = trigger }, false, SyncStartRefusal.None, null);
        }
    }

    /// <summary>A clock whose timers fire only when the test says so.</summary>
    sealed class ShiftedClock(TimeProvider inner, TimeSpan by) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow() + by;
    }

    sealed class ManualTimers(TimeProvider now) : TimeProvider
    {
        ManualTimer? _timer;

        public override DateTimeOffset GetUtcNow() => now.GetUtcNow();

        public TimeSpan? Period => _timer?.Period;

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            _timer = new ManualTimer(callback, state, period);

        public void Fire() => _timer!.Callback(_timer.State);

        sealed class ManualTimer(TimerCallback callback, object? state, TimeSpan period) : ITimer
        {
            public TimerCallback Callback => callback;
            public object? State => state;
            public TimeSpan Period { get; private set; } = period;

            public bool Change(TimeSpan dueTime, TimeSpan newPeriod)
            {
                Period = newPeriod;
                return true;
            }

            public void Dispose() { }
            public ValueTask DisposeAsync() => ValueTask.CompletedTask;
        }
    }
}
