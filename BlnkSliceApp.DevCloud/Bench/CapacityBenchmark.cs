using System.Diagnostics;
using BlnkSliceApp.DevCloud.Hosting;

namespace BlnkSliceApp.DevCloud.Bench;

/// <summary>
/// How many installs one container syncs: 100 installs, each with its own Stripe merchant (an
/// account of 2,000 balance transactions and 200 customers, its own key and its own 25
/// requests a second; see <c>StripeEmulator.AddMerchant</c>) and its own Blnk instance, all
/// asking for a run at the same moment, as a schedule that makes them all due at once would.
/// The app (a child process, Release) carries out SYNC_MAX_CONCURRENT_RUNS of them at once and
/// queues the rest. Printed: the wall time, when the median and the last install finished
/// (none starved: the last within 3 times the median), installs synced per hour, the app's
/// peak working set, Stripe and Cloud calls, and what a metrics scrape costs with every install in it.
/// </summary>
static class CapacityBenchmark
{
    public static async Task<bool> RunAsync(string appDll, bool quick, StripePace pace, Func<string> loadAverage)
    {
        var (installs, transactions, customers) = quick ? (10, 500, 50) : (100, 2_000, 200);
        var options = DevCloudOptions.ForTests();
        options.StartApp = false;
        options.SeedStripeAccount = false;
        await using var devCloud = await DevCloudHost.StartAsync(options);
        devCloud.Stripe!.Account.GenerateLarge(transactions, customers);

        var environment = AppProcess.EnvironmentFor(devCloud, Path.Combine(devCloud.DataDirectory, "capacity.db"));
        // Every install connects its own merchant's key; the deployment has none.
        environment.Remove("STRIPE_SECRET_KEY");
        // Every Cloud call and portal entry comes from DevCloud's one address.
        environment["RateLimits__CloudPerMinute"] = "1000000";
        environment["RateLimits__PortalEnterPerMinute"] = "1000000";
        // Each install's portal polls its run until the last one ends, which can be past the default 15 minutes.
        environment["PORTAL_SESSION_MINUTES"] = "60";
        var metricsPort = FreePort.Next();
        environment["METRICS_PORT"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await using var app = AppProcess.Start(appDll, environment);
        await app.WaitReadyAsync(devCloud.AppUrl);

        Console.WriteLine();
        Console.WriteLine($"capacity: {installs} installs, each its own merchant with {transactions:N0} balance transactions and {customers} customers, all starting at once; load average {loadAverage()}");
        var portals = new List<PortalDriver>();
        foreach (var _ in Enumerable.Range(0, installs))
        {
            var install = await devCloud.InstallAsync();
            var launch = await devCloud.LaunchAsync(install.InstalledAppId);
            var portal = await PortalDriver.EnterAsync(launch.PortalUrl ?? throw new InvalidOperationException($"launch failed: {launch.Error}"));
            var (status, html) = await portal.PostFormAsync("/portal/stripe", [new("secret_key", devCloud.Stripe.AddMerchant().SecretKey)]);
            if (status != 200)
                throw new InvalidOperationException($"connecting a merchant's key answered {status}: {html[..Math.Min(300, html.Length)]}");
            portals.Add(portal);
        }

        devCloud.CloudFaults.LatencyMs = pace.CloudCallMs;
        devCloud.Stripe.Faults.LatencyMs = pace.CallMs;
        devCloud.Stripe.Faults.LatencyPerExpandedObjectMicros = pace.PerExpandedObjectMicros;
        devCloud.Stripe.RateLimit.RequestsPerSecond = pace.RequestsPerSecond;
        var stripeBefore = devCloud.Stripe.RequestCount;
        var cloudBefore = devCloud.CallLog.AppCalls;
        var cpuBefore = app.CpuTime();

        var clock = Stopwatch.StartNew();
        await Task.WhenAll(portals.Select(portal => portal.SyncNowAsync()));
        var finished = await Task.WhenAll(portals.Select(async portal =>
        {
            // Polled as a portal open on the run would, about once a second.
            while (true)
            {
                SyncPanel panel;
                try
                {
                    panel = await portal.PanelAsync();
                }
                catch (HttpRequestException error)
                {
                    throw new InvalidOperationException($"The portal's panel failed ({error.Message}); the app's last lines:{Environment.NewLine}{app.LastLines()}", error);
                }
                if (panel.Status is not ("Running" or "")) return (panel, clock.Elapsed);
                await Task.Delay(TimeSpan.FromSeconds(1));
            }
        }));
        clock.Stop();

        var times = finished.Select(f => f.Elapsed.TotalSeconds).Order().ToList();
        var median = times[times.Count / 2];
        var last = times[^1];
        var failed = finished.Count(f => f.panel.Status != "Succeeded");
        var posted = finished.Sum(f => f.panel.Posted);
        var merchants = devCloud.Stripe.MerchantRateFigures();
        Console.WriteLine($"  {installs} runs in {clock.Elapsed.TotalSeconds:F1} s ({failed} not succeeded), {posted:N0} postings; "
            + $"first finished after {times[0]:F1} s, median {median:F1} s, last {last:F1} s");
        Console.WriteLine($"  Stripe calls {devCloud.Stripe.RequestCount - stripeBefore:N0} (429s {merchants.Limited:N0}; most for one merchant in a second {merchants.PeakPerSecond}); "
            + $"Cloud calls {devCloud.CallLog.AppCalls - cloudBefore:N0}; app CPU {(app.CpuTime() - cpuBefore).TotalSeconds:F1} s; load average {loadAverage()}");
        var perHour = installs / clock.Elapsed.TotalHours;
        Console.WriteLine($"  installs synced per hour per container (first syncs of this size): {perHour:N0}");
        await MetricsScrape.PrintAsync(metricsPort);
        var peakMb = app.PeakWorkingSet() / (1024.0 * 1024.0);
        var met = BenchTargets.Report("  every run succeeded", failed == 0, $"{installs - failed} of {installs}");
        met &= BenchTargets.Report("  no install starved: the last within 3 times the median", last <= 3 * median, $"{last / Math.Max(median, 0.001):F2} times");
        met &= BenchTargets.Report("  app's peak working set bounded (under 300 MB)", peakMb < 300, $"{peakMb:F0} MB");
        return met;
    }

}
