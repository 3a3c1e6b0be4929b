using BlnkSliceApp.Tests.DevCloud;

namespace BlnkSliceApp.Tests.Shared.Telemetry;

/// <summary>The app as a real server with METRICS_PORT set: Prometheus scrapes its own port, and only there.</summary>
public sealed class MetricsEndpointTests(MetricsPortHarness harness) : IClassFixture<MetricsPortHarness>
{
    [Fact]
    public async Task The_metrics_port_serves_the_sync_metrics_without_secrets_and_the_app_port_has_no_metrics()
    {
        var install = await harness.InstallWithActivityAsync();
        await harness.SyncAsync(install);

        // Scraped once the run is over; under machine load a scrape may wait for threads, so it is
        // polled with a generous deadline until it shows the duration the launcher records last.
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{harness.MetricsPort}"), Timeout = TimeSpan.FromSeconds(30) };
        var exposition = "";
        await Eventually.TrueAsync(async () =>
        {
            exposition = await http.GetStringAsync("/metrics");
            return exposition.Contains("blnkslice_sync_run_duration_seconds_count", StringComparison.Ordinal);
        }, 60_000);

        Assert.Contains($"blnkslice_sync_postings_total{{", exposition);
        Assert.Contains($"install_id=\"{install.InstalledAppId}\"", exposition);
        Assert.Contains("blnkslice_sync_lag_seconds{", exposition);
        Assert.Contains("blnkslice_sync_reconciliation_difference{", exposition);
        Assert.DoesNotContain(install.ApiKey, exposition);
        Assert.DoesNotContain(harness.DevCloud.Stripe!.SecretKey, exposition);
        Assert.DoesNotContain("@", exposition);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/ready")).StatusCode);

        using var appClient = new HttpClient { BaseAddress = harness.DevCloud.AppUrl };
        Assert.Equal(HttpStatusCode.NotFound, (await appClient.GetAsync("/metrics")).StatusCode);
    }
}
