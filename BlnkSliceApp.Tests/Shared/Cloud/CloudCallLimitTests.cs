using BlnkSliceApp.DevCloud.Lifecycle;
using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Telemetry;
using BlnkSliceApp.Tests.DevCloud;
using BlnkSliceApp.Tests.Shared.Telemetry;

namespace BlnkSliceApp.Tests.Shared.Cloud;

/// <summary>The app with CLOUD_MAX_CONCURRENT_CALLS=1: every Cloud call of every install takes the one slot in turn.</summary>
public sealed class OneCloudCallHarness : TelemetryHarness
{
    protected override void Configure(Dictionary<string, string?> appSettings)
    {
        base.Configure(appSettings);
        appSettings["CLOUD_MAX_CONCURRENT_CALLS"] = "1";
    }
}

public sealed class CloudCallLimitTests(OneCloudCallHarness harness) : IClassFixture<OneCloudCallHarness>
{
    static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    CloudCallSlots Slots => harness.Service<CloudCallSlots>();

    [Fact]
    public async Task A_sync_with_one_Cloud_call_at_a_time_succeeds_and_never_has_two_in_flight()
    {
        var install = await harness.InstallWithActivityAsync();
        using var watching = new CancellationTokenSource();
        var most = 0;
        var watcher = Task.Run(async () =>
        {
            while (!watching.IsCancellationRequested)
            {
                most = Math.Max(most, Slots.InFlight);
                await Task.Yield();
            }
        });

        var run = await harness.SyncAsync(install);
        await watching.CancelAsync();
        await watcher;

        Assert.True(run.Counts.Posted > 0);
        Assert.Equal(1, Slots.Capacity);
        Assert.InRange(most, 0, 1);
        Assert.Equal(0, Slots.InFlight);
    }

    [Fact]
    public async Task A_Cloud_call_finding_the_slot_taken_is_not_sent_until_it_is_free_and_its_wait_is_counted_for_its_install()
    {
        using var recorder = new MeasurementRecorder(harness.Service<SyncMetrics>().Meter);
        var install = await harness.InstallWithActivityAsync();
        var client = harness.Service<CloudClients>().For(harness.Service<InstallDirectory>().FindActive(install.InstalledAppId)!);
        var holder = await Slots.TakeAsync(null, CancellationToken.None);
        var before = CallsOf(install.InstanceId);

        var lookup = client.FindTransactionByReferenceAsync("not-there", CancellationToken.None);
        await Eventually.TrueAsync(() => Task.FromResult(Slots.Waiting == 1), 10_000);
        Assert.Equal(before, CallsOf(install.InstanceId));
        recorder.Observe();
        Assert.Contains(recorder.Of("blnkslice.cloud.calls.waiting"), m => m.Value == 1);
        holder.Dispose();

        Assert.Null(await lookup.WaitAsync(Deadline));
        // DevCloud logs a call once its answer is written, which may be just after the app read it.
        await Eventually.TrueAsync(() => Task.FromResult(CallsOf(install.InstanceId) == before + 1), 10_000);
        var wait = Assert.Single(recorder.Of("blnkslice.cloud.call_slot.waits", install.InstalledAppId));
        Assert.Equal(1, wait.Value);
        Assert.Single(recorder.Of("blnkslice.cloud.call_slot.wait.duration"));
        Assert.Equal(0, Slots.InFlight);
    }

    [Fact]
    public async Task A_Cloud_call_cancelled_while_waiting_is_never_sent_and_leaves_the_slot_with_its_holder()
    {
        var install = await harness.InstallWithActivityAsync();
        var client = harness.Service<CloudClients>().For(harness.Service<InstallDirectory>().FindActive(install.InstalledAppId)!);
        var holder = await Slots.TakeAsync(null, CancellationToken.None);
        var before = CallsOf(install.InstanceId);
        using var cancel = new CancellationTokenSource();

        var lookup = client.FindTransactionByReferenceAsync("not-there", cancel.Token);
        await Eventually.TrueAsync(() => Task.FromResult(Slots.Waiting == 1), 10_000);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => lookup.WaitAsync(Deadline));
        Assert.Equal(0, Slots.Waiting);
        Assert.Equal(1, Slots.InFlight);
        holder.Dispose();
        Assert.Equal(0, Slots.InFlight);
        Assert.Equal(before, CallsOf(install.InstanceId));
    }

    int CallsOf(string instanceId) =>
        harness.DevCloud.CallLog.Entries.Count(e => e.Direction == CallDirection.AppToCloud && e.Target.Contains(instanceId, StringComparison.Ordinal));
}
