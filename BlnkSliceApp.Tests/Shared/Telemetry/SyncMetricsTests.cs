using System.Collections.Concurrent;
using System.Diagnostics;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Telemetry;
using BlnkSliceApp.Tests.DevCloud;
using OpenTelemetry.Metrics;

namespace BlnkSliceApp.Tests.Shared.Telemetry;

public sealed class SyncMetricsTests(TelemetryHarness harness) : IClassFixture<TelemetryHarness>
{
    [Fact]
    public async Task A_sync_counts_its_postings_records_its_duration_and_reports_no_lag_and_no_reconciliation_difference()
    {
        using var recorder = new MeasurementRecorder(harness.Service<SyncMetrics>().Meter);
        var install = await harness.InstallWithActivityAsync();

        var run = await harness.SyncAsync(install);

                var posted = recorder.Of("blnkslice.sync.postings", install.InstalledAppId).Where(m => m.Tags["result"] == "posted").Sum(m => m.Value);
        Assert.Equal(run.Counts.Posted, (int)posted);
        Assert.True(posted > 0);
        Assert.Empty(recorder.Of("blnkslice.sync.refusals", install.InstalledAppId));
        // The launcher records the duration after the run record says it finished.
        await Eventually.TrueAsync(() => Task.FromResult(recorder.Of("blnkslice.sync.run.duration").Any(m => m.Tags["trigger"] == "manual" && m.Tags["outcome"] == "succeeded")), 10_000);

        recorder.Observe();
        var lag = Assert.Single(recorder.Of("blnkslice.sync.lag", install.InstalledAppId));
        Assert.InRange(lag.Value, 0, 60);
        var differences = recorder.Of("blnkslice.sync.reconciliation.difference", install.InstalledAppId);
        Assert.Equal(run.Reconciliation.Count, differences.Count);
        Assert.All(differences, d => Assert.Equal(0, d.Value));
        Assert.Contains(differences, d => d.Tags["currency"] == "USD" && d.Tags["balance_type"] == "payments");
    }

    [Fact]
    public async Task A_run_is_traced_as_one_span_with_a_child_span_per_phase_tagged_with_the_install_only()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == SyncMetrics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var install = await harness.InstallWithActivityAsync();

        await harness.SyncAsync(install);

        Activity? root = null;
        await Eventually.TrueAsync(() => Task.FromResult((root = spans.FirstOrDefault(s => s.OperationName == "sync run" && (string?)s.GetTagItem("install_id") == install.InstalledAppId)) is not null), 10_000);
        var phases = spans.Where(s => s.ParentSpanId == root!.SpanId).Select(s => s.OperationName).ToList();
        Assert.Equal(["sync prepare", "sync list", "sync link customers", "sync reconcile payouts", "sync post", "sync tag payouts", "sync watch disputes", "sync reconcile"], phases);
        Assert.Equal("succeeded", root!.GetTagItem("outcome"));
        var tagValues = spans.Where(s => s.TraceId == root.TraceId).SelectMany(s => s.Tags).Select(t => t.Value ?? "").ToList();
        Assert.DoesNotContain(tagValues, value => value.Contains(install.ApiKey, StringComparison.Ordinal) || value.Contains("sk_test", StringComparison.Ordinal) || value.Contains('@'));
    }

    [Fact]
    public void Without_METRICS_PORT_or_an_OTLP_endpoint_nothing_collects_or_listens()
    {
        Assert.Null(harness.App.GetService<MeterProvider>());
        Assert.DoesNotContain(harness.App.GetServices<Microsoft.Extensions.Hosting.IHostedService>(), service => service is MetricsListener);
    }
}
