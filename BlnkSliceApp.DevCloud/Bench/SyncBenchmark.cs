using System.Diagnostics;
using System.Globalization;
using BlnkSliceApp.DevCloud.Hosting;

namespace BlnkSliceApp.DevCloud.Bench;

/// <summary>
/// <c>dotnet run --project BlnkSliceApp.DevCloud -c Release -- bench [--quick] [--speed-only] [--memory-only]</c>:
/// syncs generated Stripe accounts through DevCloud into the real app (a child process) and
/// prints time, throughput, calls and peak memory against issue 4's targets.
/// </summary>
public static class SyncBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var appDll = AppProcess.FindAppDll();
        Console.WriteLine($"BlnkSliceApp sync benchmark ({Environment.ProcessorCount} cores, app: {appDll})");
        var met = true;

        if (!args.Contains("--memory-only"))
        {
            var (transactions, customers) = quick ? (2_000, 200) : (10_000, 1_000);
            await using var scenario = await Scenario.StartAsync(appDll, transactions, customers);
            scenario.SetLatency(50);

            var first = await scenario.SyncAsync();
            Print($"first sync: {transactions:N0} balance transactions, {customers:N0} customers, 50 ms per call", first);
            PrintPhases(scenario.App);
            met &= Target("  time under 20 s", first.Elapsed.TotalSeconds < 20 || quick, $"{first.Elapsed.TotalSeconds:F1} s");

            var again = await scenario.SyncAsync();
            Print("second sync, nothing new, 50 ms per call", again);
            met &= Target("  time under 1 s", again.Elapsed.TotalSeconds < 1, $"{again.Elapsed.TotalSeconds:F2} s");
            // Balance transactions and the balance, plus the disputes' listing (their status changes move no money).
            met &= Target("  at most 3 Stripe calls (one of them disputes)", again.StripeCalls <= 3, again.StripeCalls.ToString(CultureInfo.InvariantCulture));
            met &= Target("  no ledger write", again.CloudWrites == 0, again.CloudWrites.ToString(CultureInfo.InvariantCulture));
        }

        if (!args.Contains("--speed-only"))
        {
            var transactions = quick ? 20_000 : 100_000;
            await using var scenario = await Scenario.StartAsync(appDll, transactions, 1_000);
            var run = await scenario.SyncAsync();
            Print($"memory: {transactions:N0} balance transactions, 1,000 customers, no added latency", run);
            PrintPhases(scenario.App);
            var peakMb = scenario.App.PeakWorkingSet() / (1024.0 * 1024.0);
            met &= Target("  app's peak working set under 250 MB", peakMb < 250 || quick, $"{peakMb:F0} MB");
        }

        Console.WriteLine(met ? "All targets met." : "Some targets were missed.");
        return met ? 0 : 1;
    }

    static void Print(string title, RunFigures figures)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine($"  status {figures.Status}; {figures.Posted:N0} postings in {figures.Elapsed.TotalSeconds:F2} s ({figures.Posted / Math.Max(figures.Elapsed.TotalSeconds, 0.001):N0} per second)");
        Console.WriteLine($"  Stripe calls {figures.StripeCalls:N0}; Cloud calls {figures.CloudCalls:N0} ({figures.CloudWrites:N0} writes)");
        Console.WriteLine($"  CPU: app {figures.AppCpu.TotalSeconds:F1} s, DevCloud and this driver {figures.DevCloudCpu.TotalSeconds:F1} s ({Environment.ProcessorCount} cores shared)");
    }

    static void PrintPhases(AppProcess app)
    {
        foreach (var line in app.TakePhaseLines())
            Console.WriteLine($"  {line[(line.IndexOf(':') + 1)..].Trim()}");
    }

    static bool Target(string what, bool ok, string figure)
    {
        Console.WriteLine($"{what}: {figure} {(ok ? "MET" : "MISSED")}");
        return ok;
    }

    sealed record RunFigures(string Status, long Posted, TimeSpan Elapsed, long StripeCalls, long CloudCalls, long CloudWrites, TimeSpan AppCpu, TimeSpan DevCloudCpu);

    sealed class Scenario : IAsyncDisposable
    {
        public required DevCloudHandle DevCloud { get; init; }
        public required AppProcess App { get; init; }
        public required PortalDriver Portal { get; init; }

        public static async Task<Scenario> StartAsync(string appDll, int transactions, int customers)
        {
            var options = DevCloudOptions.ForTests();
            options.StartApp = false;
            options.SeedStripeAccount = false;
            var devCloud = await DevCloudHost.StartAsync(options);
            devCloud.Stripe!.Account.GenerateLarge(transactions, customers);

            var app = AppProcess.Start(appDll, AppProcess.EnvironmentFor(devCloud, Path.Combine(devCloud.DataDirectory, "bench.db")));
            try
            {
                await app.WaitReadyAsync(devCloud.AppUrl);
                var install = await devCloud.InstallAsync();
                var launch = await devCloud.LaunchAsync(install.InstalledAppId);
                var portal = await PortalDriver.EnterAsync(launch.PortalUrl ?? throw new InvalidOperationException($"launch failed: {launch.Error}"));
                return new Scenario { DevCloud = devCloud, App = app, Portal = portal };
            }
            catch
            {
                Console.Error.WriteLine(app.LastLines());
                await app.DisposeAsync();
                await devCloud.DisposeAsync();
                throw;
            }
        }

        public void SetLatency(int ms)
        {
            DevCloud.CloudFaults.LatencyMs = ms;
            DevCloud.Stripe!.Faults.LatencyMs = ms;
        }

        public async Task<RunFigures> SyncAsync()
        {
            var stripeBefore = DevCloud.Stripe!.RequestCount;
            var callsBefore = DevCloud.CallLog.AppCalls;
            var writesBefore = DevCloud.CallLog.AppWrites;
            var appCpuBefore = App.CpuTime();
            var ownCpuBefore = Environment.CpuUsage.TotalTime;
            var clock = Stopwatch.StartNew();
            await Portal.SyncNowAsync();
            var panel = await Portal.WaitForEndAsync(TimeSpan.FromMilliseconds(25));
            clock.Stop();
            return new RunFigures(panel.Status, panel.Posted, clock.Elapsed,
                DevCloud.Stripe.RequestCount - stripeBefore, DevCloud.CallLog.AppCalls - callsBefore, DevCloud.CallLog.AppWrites - writesBefore,
                App.CpuTime() - appCpuBefore, Environment.CpuUsage.TotalTime - ownCpuBefore);
        }

        public async ValueTask DisposeAsync()
        {
            await App.DisposeAsync();
            await DevCloud.DisposeAsync();
        }
    }
}
