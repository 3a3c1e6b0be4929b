using System.Diagnostics;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Hosting;

namespace BlnkSliceApp.DevCloud.Bench;

/// <summary>
/// What Cloud and the portal's users wait for, with many of them at once: the install callback
/// (DevCloud sends the signed install event and the app answers), the portal request (Cloud asks
/// the app for a launch link), and a portal view (the Overview fragment, as htmx asks for it), at
/// 1, 16 and 100 concurrent clients against the real app (a child process, Release), and its
/// start-up to <c>/ready</c>, empty and again holding every install made. DevCloud adds no
/// latency; it shares the two cores, so its work counts against the app's figures.
/// </summary>
static class LifecycleBenchmark
{
    static readonly int[] Clients = [1, 16, 100];

    public static async Task<bool> RunAsync(string appDll, bool quick, Func<string> loadAverage)
    {
        var options = DevCloudOptions.ForTests();
        options.StartApp = false;
        options.SeedStripeAccount = false;
        await using var devCloud = await DevCloudHost.StartAsync(options);
        var database = Path.Combine(devCloud.DataDirectory, "lifecycle.db");
        var environment = AppProcess.EnvironmentFor(devCloud, database);
        // Everything here comes from one address, DevCloud's: the per-address limits (600 Cloud
        // calls and 60 portal entries a minute) would answer 429 long before latency is measured.
        environment["RateLimits__CloudPerMinute"] = "1000000";
        environment["RateLimits__PortalEnterPerMinute"] = "1000000";

        Console.WriteLine();
        Console.WriteLine($"lifecycle latency: install callback, portal request (launch), portal view (Overview) at {string.Join(", ", Clients)} concurrent clients; load average {loadAverage()}");
        var (app, emptyStart) = await StartAsync(appDll, environment, devCloud.AppUrl);
        var met = BenchTargets.Report("  start-up to /ready, empty database, under 1.5 s", emptyStart.TotalSeconds < 1.5, $"{emptyStart.TotalSeconds:F2} s");
        try
        {
            var installs = new List<DevCloudInstall>();
            foreach (var clients in Clients)
            {
                var operations = quick ? Math.Max(50, clients * 2) : Math.Max(200, clients * 10);
                var made = new System.Collections.Concurrent.ConcurrentBag<DevCloudInstall>();
                var installing = await MeasureAsync(clients, operations, async () =>
                {
                    var install = await devCloud.InstallAsync();
                    if (install.State != InstallState.Active)
                        throw new InvalidOperationException($"install answered {install.InstallAnswer}");
                    made.Add(install);
                });
                installs.AddRange(made);
                met &= Print($"install callback, {clients} client(s)", installing, clients);

                var launching = await MeasureAsync(clients, operations, async () =>
                {
                    var launch = await devCloud.LaunchAsync(installs[Random.Shared.Next(installs.Count)].InstalledAppId);
                    if (!launch.Succeeded) throw new InvalidOperationException($"launch failed: {launch.Error}");
                });
                met &= Print($"portal request (launch), {clients} client(s)", launching, clients);

                var portals = new List<PortalDriver>();
                foreach (var install in installs.Take(Math.Min(clients, 20)))
                {
                    var launch = await devCloud.LaunchAsync(install.InstalledAppId);
                    portals.Add(await PortalDriver.EnterAsync(launch.PortalUrl ?? throw new InvalidOperationException($"launch failed: {launch.Error}")));
                }
                var viewing = await MeasureAsync(clients, operations, async () =>
                {
                    var (status, _) = await portals[Random.Shared.Next(portals.Count)].GetAsync("/portal/overview");
                    if (status != 200) throw new InvalidOperationException($"the Overview answered {status}");
                });
                met &= Print($"portal view (Overview), {clients} client(s)", viewing, clients);
            }

            await app.DisposeAsync();
            TimeSpan fullStart;
            (app, fullStart) = await StartAsync(appDll, environment, devCloud.AppUrl);
            met &= BenchTargets.Report($"  start-up to /ready holding {installs.Count:N0} installs, under 1.5 s", fullStart.TotalSeconds < 1.5, $"{fullStart.TotalSeconds:F2} s");
        }
        finally
        {
            await app.DisposeAsync();
        }
        Console.WriteLine($"  (load average {loadAverage()})");
        return met || quick;
    }

    static async Task<(AppProcess App, TimeSpan StartUp)> StartAsync(string appDll, IReadOnlyDictionary<string, string> environment, Uri appUrl)
    {
        using var http = new HttpClient { BaseAddress = appUrl, Timeout = TimeSpan.FromSeconds(2) };
        var clock = Stopwatch.StartNew();
        var app = AppProcess.Start(appDll, environment);
        while (clock.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (app.HasExited)
                throw new InvalidOperationException($"The app exited with code {app.ExitCode}: {app.LastLines()}");
            try
            {
                if ((await http.GetAsync("/ready")).IsSuccessStatusCode)
                    return (app, clock.Elapsed);
            }
            catch (HttpRequestException) { }
            catch (TaskCanceledException) { }
            // Fine-grained on purpose: the figure is the start-up time, to about 10 ms.
            await Task.Delay(10);
        }
        await app.DisposeAsync();
        throw new TimeoutException("The app did not become ready within 60 s.");
    }

    sealed record Figures(List<double> Milliseconds, TimeSpan Elapsed, int Failures, string? FirstFailure);

    /// <summary><paramref name="operations"/> calls shared by <paramref name="clients"/> workers, each starting its next as its last ends.</summary>
    static async Task<Figures> MeasureAsync(int clients, int operations, Func<Task> operation)
    {
        var times = new System.Collections.Concurrent.ConcurrentBag<double>();
        var failures = 0;
        string? firstFailure = null;
        var left = operations;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (Interlocked.Decrement(ref left) >= 0)
            {
                var one = Stopwatch.StartNew();
                try
                {
                    await operation();
                    times.Add(one.Elapsed.TotalMilliseconds);
                }
                catch (Exception error) when (error is InvalidOperationException or HttpRequestException or TaskCanceledException)
                {
                    Interlocked.Increment(ref failures);
                    Interlocked.CompareExchange(ref firstFailure, error.Message, null);
                }
            }
        })));
        clock.Stop();
        var sorted = times.ToList();
        sorted.Sort();
        return new Figures(sorted, clock.Elapsed, failures, firstFailure);
    }

    static bool Print(string what, Figures figures, int clients)
    {
        var times = figures.Milliseconds;
        double At(double share) => times.Count == 0 ? double.NaN : times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * share) - 1)];
        var p99 = At(0.99);
        Console.WriteLine($"  {what,-42} {times.Count,5:N0} calls: p50 {At(0.5),7:F1} ms  p99 {p99,7:F1} ms  max {At(1),7:F1} ms  "
            + $"{times.Count / Math.Max(figures.Elapsed.TotalSeconds, 0.001),6:N0}/s{(figures.Failures > 0 ? $"  {figures.Failures} FAILED ({figures.FirstFailure})" : "")}");
        // Cloud gives a callback 10 seconds; the target is p99 under 50 ms at 100 clients.
        var ok = figures.Failures == 0 && (clients < 100 || p99 < 50);
        if (clients == 100)
            BenchTargets.Report("    p99 under 50 ms at 100 clients", ok, $"{p99:F1} ms");
        return ok;
    }

}
