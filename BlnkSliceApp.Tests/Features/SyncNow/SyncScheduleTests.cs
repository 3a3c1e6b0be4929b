using System.Collections.Concurrent;
using BlnkSliceApp.Features.SyncNow;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Tests.Features.SyncNow;

public sealed class SyncScheduleTests(SyncNowAppFactory app) : IClassFixture<SyncNowAppFactory>
{
    readonly HttpClient _client = app.CreateClient();
    readonly LogCapture _logs = new();

    SyncSchedule ScheduleWith(ISyncLauncher launcher, TimeSpan interval, TimeProvider? time = null) =>
        new(launcher, app.Service<InstallDirectory>(), interval, time ?? app.Clock,
            LoggerFactory.Create(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace)).CreateLogger<SyncSchedule>());

    [Fact]
    public async Task A_round_starts_a_scheduled_run_for_each_active_install_that_may_sync()
    {
        var readWrite = await _client.CreateInstallAsync("data:read", "data:write");
        var readOnly = await _client.CreateInstallAsync("data:read");
        var writeOnly = await _client.CreateInstallAsync("data:write", "alerts:write");
        var uninstalled = await _client.CreateInstallAsync("data:read", "data:write");
        (await app.UninstallAsync(uninstalled, _client)).EnsureSuccessStatusCode();
        var launcher = new FakeLauncher();

        ScheduleWith(launcher, TimeSpan.FromMinutes(5)).StartDue();

        Assert.Contains((readWrite.InstalledAppId, SyncTrigger.Schedule), launcher.Starts);
        Assert.DoesNotContain(launcher.Starts, start => start.InstalledAppId == readOnly.InstalledAppId);
        Assert.DoesNotContain(launcher.Starts, start => start.InstalledAppId == writeOnly.InstalledAppId);
        Assert.DoesNotContain(launcher.Starts, start => start.InstalledAppId == uninstalled.InstalledAppId);
        Assert.All(launcher.Starts, start => Assert.Equal(SyncTrigger.Schedule, start.Trigger));
    }

    [Fact]
    public async Task An_install_without_a_Stripe_key_is_skipped_quietly_and_the_others_still_start()
    {
        var noKey = await _client.CreateInstallAsync("data:read", "data:write");
        var withKey = await _client.CreateInstallAsync("data:read", "data:write");
        var launcher = new FakeLauncher();
        launcher.Refused[noKey.InstalledAppId] = SyncStartRefusal.NoStripeKey;

        ScheduleWith(launcher, TimeSpan.FromMinutes(5)).StartDue();

        Assert.Contains((withKey.InstalledAppId, SyncTrigger.Schedule), launcher.Starts);
        var lines = _logs.Lines.Where(line => line.Contains(noKey.InstalledAppId)).ToList();
        Assert.NotEmpty(lines);
        Assert.All(lines, line => Assert.StartsWith("Debug", line));
    }

    [Fact]
    public async Task The_schedule_starts_runs_when_its_interval_elapses()
    {
        var install = await _client.CreateInstallAsync("data:read", "data:write");
        var launcher = new FakeLauncher();
        var timers = new ManualTimers();
        var schedule = ScheduleWith(launcher, TimeSpan.FromMinutes(15), timers);

        await schedule.StartAsync(CancellationToken.None);
        try
        {
            await Eventually(() => timers.Period == TimeSpan.FromMinutes(15));
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
    public async Task An_interval_of_zero_turns_the_schedule_off()
    {
        await _client.CreateInstallAsync("data:read", "data:write");
        var launcher = new FakeLauncher();
        var timers = new ManualTimers();
        var schedule = ScheduleWith(launcher, TimeSpan.Zero, timers);

        await schedule.StartAsync(CancellationToken.None);
        await schedule.ExecuteTask!.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Null(timers.Period);
        Assert.Empty(launcher.Starts);
        Assert.True(app.Service<SyncSchedule>().ExecuteTask!.IsCompleted, "the app's own schedule runs at SYNC_INTERVAL_MINUTES=0");
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
    sealed class ManualTimers : TimeProvider
    {
        ManualTimer? _timer;

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
