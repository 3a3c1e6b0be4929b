using System.Diagnostics;
using System.Globalization;
using BlnkSliceApp.DevCloud.Hosting;

namespace BlnkSliceApp.DevCloud.Bench;

/// <summary>
/// <c>dotnet run --project BlnkSliceApp.DevCloud -c Release -- bench [--quick] [--speed-only] [--memory-only] [--render-only] [--lifecycle-only] [--capacity-only] [--app path/BlnkSliceApp.dll]</c>:
/// publishes the app as the Dockerfile does (unless <c>--app</c> names a build), syncs generated Stripe accounts through DevCloud into the real app (a child process) and
/// prints time, throughput, calls, CPU and peak memory at Stripe's pace (see <see cref="StripePace"/>)
/// against issue 13's targets, then the portal's render times with a large history (<see cref="RenderBenchmark"/>)
/// the lifecycle's latency with many clients at once (<see cref="LifecycleBenchmark"/>) and how many
/// installs one container syncs (<see cref="CapacityBenchmark"/>).
/// </summary>
public static class SyncBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        using var app = await PublishedApp.FromArgsAsync(args, "bench");
        var appDll = app.Dll;
        var pace = StripePace.TestMode;
        Console.WriteLine($"BlnkSliceApp sync benchmark ({Environment.ProcessorCount} cores, load average {LoadAverage()}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC, app: {appDll})");
        Console.WriteLine($"Pace: {pace.Describe()}");
        var met = true;

        var renderOnly = args.Contains("--render-only");
        var lifecycleOnly = args.Contains("--lifecycle-only");
        var capacityOnly = args.Contains("--capacity-only");
        var only = renderOnly || lifecycleOnly || capacityOnly;
        if (!args.Contains("--memory-only") && !only)
        {
            var (transactions, customers) = quick ? (2_000, 200) : (10_000, 1_000);
            await using var scenario = await Scenario.StartAsync(appDll, transactions, customers);
            scenario.SetPace(pace);

            var first = await scenario.SyncAsync();
            Print($"first sync: {transactions:N0} balance transactions, {customers:N0} customers, at Stripe's pace", first);
            PrintPhases(scenario.App);
            met &= AgainstPaper(pace, scenario, first, held: !quick);
            met &= BenchTargets.Report("  CPU per posting under 0.4 ms", first.CpuPerPostingMs < 0.4, $"{first.CpuPerPostingMs:F3} ms", held: !quick);

            var again = await scenario.SyncAsync();
            Print("second sync, nothing new, at Stripe's pace", again);
            PrintPhases(scenario.App);
            met &= BenchTargets.Report("  time under 0.3 s", again.Elapsed.TotalSeconds < 0.3, $"{again.Elapsed.TotalSeconds:F2} s");
            // Balance transactions and the balance, plus the disputes' listing (their status changes move no money).
            met &= BenchTargets.Report("  at most 3 Stripe calls (one of them disputes)", again.StripeCalls <= 3, again.StripeCalls.ToString(CultureInfo.InvariantCulture));
            met &= BenchTargets.Report("  no ledger write", again.CloudWrites == 0, again.CloudWrites.ToString(CultureInfo.InvariantCulture));
        }

        if (!args.Contains("--speed-only") && !only)
        {
            var transactions = quick ? 20_000 : 100_000;
            await using var scenario = await Scenario.StartAsync(appDll, transactions, 1_000);
            scenario.SetPace(pace);
            var run = await scenario.SyncAsync();
            Print($"large: {transactions:N0} balance transactions, 1,000 customers, at Stripe's pace", run);
            PrintPhases(scenario.App);
            // Its targets are the time and the memory below; the floor and the walkthrough are printed for scale.
            AgainstPaper(pace, scenario, run, held: false);
            met &= BenchTargets.Report("  time under 3 minutes", run.Elapsed.TotalMinutes < 3, $"{run.Elapsed.TotalSeconds:F1} s", held: !quick);
            var peakMb = scenario.App.PeakWorkingSet() / (1024.0 * 1024.0);
            met &= BenchTargets.Report("  app's peak working set under 200 MB", peakMb < 200, $"{peakMb:F0} MB", held: !quick);
        }

        var rest = !args.Contains("--speed-only") && !args.Contains("--memory-only");
        if (rest && (!only || renderOnly))
            met &= await RenderBenchmark.RunAsync(quick, LoadAverage);
        if (rest && (!only || lifecycleOnly))
            met &= await LifecycleBenchmark.RunAsync(appDll, quick, LoadAverage);
        if (rest && (!only || capacityOnly))
            met &= await CapacityBenchmark.RunAsync(appDll, quick, pace, LoadAverage);

        Console.WriteLine($"Load average at the end: {LoadAverage()}");
        Console.WriteLine(met ? "All targets met." : "Some targets were missed.");
        return met ? 0 : 1;
    }

    /// <summary>Prints the run beside the sequential-paging floor and the walkthrough's way, with the ratios.</summary>
    static bool AgainstPaper(StripePace pace, Scenario scenario, RunFigures run, bool held)
    {
        var balanceTransactions = scenario.DevCloud.Stripe!.Account.Counts.BalanceTransactions;
        var floor = pace.SequentialPagingFloor(balanceTransactions);
        var walkthrough = pace.Walkthrough(balanceTransactions, run.Posted);
        var seconds = Math.Max(run.Elapsed.TotalSeconds, 0.001);
        Console.WriteLine($"  sequential-paging floor ({balanceTransactions:N0} balance transactions, {StripePace.PageSize} a page): {floor.TotalSeconds:F1} s; the app took {seconds / floor.TotalSeconds:F2} of it");
        Console.WriteLine($"  walkthrough way (that reading, then one POST per posting): {walkthrough.TotalSeconds:F0} s; the app was {walkthrough.TotalSeconds / seconds:F1} times faster");
        Console.WriteLine($"  Stripe 429s: {scenario.DevCloud.Stripe.RateLimit.Figures().Limited:N0}; most Stripe requests in one second: {scenario.DevCloud.Stripe.RateLimit.Figures().PeakPerSecond}");
        var met = BenchTargets.Report("  time under half the floor", seconds < floor.TotalSeconds / 2, $"{seconds:F1} s vs {floor.TotalSeconds / 2:F1} s", held);
        return met & BenchTargets.Report("  at least 40 times faster than the walkthrough", walkthrough.TotalSeconds / seconds >= 40, $"{walkthrough.TotalSeconds / seconds:F1}x", held);
    }

    static string LoadAverage()
    {
        try { return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (IOException) { return "unknown"; }
    }

    static void Print(string title, RunFigures figures)
    {
        Console.WriteLine();
        Console.WriteLine(title);
        Console.WriteLine($"  status {figures.Status}; {figures.Posted:N0} postings in {figures.Elapsed.TotalSeconds:F2} s ({figures.Posted / Math.Max(figures.Elapsed.TotalSeconds, 0.001):N0} per second)");
        Console.WriteLine($"  Stripe calls {figures.StripeCalls:N0}; Cloud calls {figures.CloudCalls:N0} ({figures.CloudWrites:N0} writes)");
        Console.WriteLine($"  CPU: app {figures.AppCpu.TotalSeconds:F1} s ({figures.CpuPerPostingMs:F3} ms per posting), DevCloud and this driver {figures.DevCloudCpu.TotalSeconds:F1} s ({Environment.ProcessorCount} cores shared; load average {LoadAverage()})");
    }

    static void PrintPhases(AppProcess app)
    {
        foreach (var line in app.TakePhaseLines())
            Console.WriteLine($"  {line[(line.IndexOf(':') + 1)..].Trim()}");
    }


    sealed record RunFigures(string Status, long Posted, TimeSpan Elapsed, long StripeCalls, long CloudCalls, long CloudWrites, TimeSpan AppCpu, TimeSpan DevCloudCpu)
    {
        public double CpuPerPostingMs => AppCpu.TotalMilliseconds / Math.Max(Posted, 1);
    }

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

        public void SetPace(StripePace pace)
        {
            DevCloud.CloudFaults.LatencyMs = pace.CloudCallMs;
            DevCloud.Stripe!.Faults.LatencyMs = pace.CallMs;
            DevCloud.Stripe.Faults.LatencyPerExpandedObjectMicros = pace.PerExpandedObjectMicros;
            DevCloud.Stripe.RateLimit.RequestsPerSecond = pace.RequestsPerSecond;
            DevCloud.Stripe.RateLimit.ResetFigures();
        }

        public async Task<RunFigures> SyncAsync()
        {
            DevCloud.Stripe!.RateLimit.ResetFigures();
            var stripeBefore = DevCloud.Stripe.RequestCount;
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
