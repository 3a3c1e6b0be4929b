using System.Diagnostics;
using BlnkSliceApp.DevCloud.Bench;
using BlnkSliceApp.DevCloud.Hosting;
using BlnkSliceApp.DevCloud.Stripe;
using BlnkSliceApp.Shared.Sync.Runs;
using LiteDB;

namespace BlnkSliceApp.DevCloud.Proof.Crash;

/// <summary>
/// The app as a real process syncs a generated account through DevCloud and is SIGKILLed at
/// each <see cref="KillPoint"/> (one fresh install, so one fresh ledger, per point), then
/// started again: its database must open (<c>/ready</c>), the resumed run finish, every balance
/// transaction be in the ledger exactly once and the ledger match Stripe. At the end the app
/// is killed once more and its database file opened and read in full.
/// </summary>
public static class CrashProof
{
    public sealed record Outcome(KillPoint Point, int ExitCode, TimeSpan ToDeath, TimeSpan ToReady, string Status, LedgerAudit Audit);

    public sealed record Result(IReadOnlyList<Outcome> Outcomes, IReadOnlyList<string> Problems)
    {
        public bool Proven => Problems.Count == 0;
    }

    public static async Task<Result> RunAsync(string appDll, IReadOnlyList<KillPoint> points, int transactions, int customers, TextWriter output)
    {
        var options = DevCloudOptions.ForTests();
        options.StartApp = false;
        options.SeedStripeAccount = false;
        await using var devCloud = await DevCloudHost.StartAsync(options);
        devCloud.Stripe!.Account.GenerateLarge(transactions, customers);
        await using var app = new ProofApp(appDll, devCloud);
        await app.StartAsync();

        var outcomes = new List<Outcome>();
        var problems = new List<string>();
        var runs = new Dictionary<string, string>();
        foreach (var (point, index) in points.Select((point, index) => (point, index + 1)))
        {
            var install = await devCloud.InstallAsync();
            runs[install.InstalledAppId] = point.Name;
            if (point.NeedsPostedPayout)
                await PostPayoutBeforeStripeListsItAsync(app, devCloud, install.InstalledAppId, problems);

            if (point.KillAt is { } killAt)
                await app.StartAsync(killAt, point.Environment);
            var killed = app.Process;
            point.Arm?.Invoke(devCloud, killed.KillAsync);
            var clock = Stopwatch.StartNew();
            var reached = await SyncUntilKilledAsync(app, install.InstalledAppId);
            var toDeath = clock.Elapsed;
            devCloud.CloudTrap.Clear();
            devCloud.Stripe.Trap.Clear();
            if (!reached)
            {
                problems.Add($"{index}. {point.Phase}, {point.Name}: the run finished before the point was reached");
                output.WriteLine($"{index,2}. {point.Phase}, {point.Name}: NOT REACHED (the run finished first)");
                continue;
            }

            var exitCode = killed.ExitCode;
            clock.Restart();
            await app.StartAsync();
            var toReady = clock.Elapsed;
            var panel = await app.SyncToSuccessAsync(install.InstalledAppId, pressSyncNow: false);
            var audit = LedgerAudit.Of(devCloud, install.InstanceId);
            var outcome = new Outcome(point, exitCode, toDeath, toReady, panel.Status, audit);
            outcomes.Add(outcome);
            if (outcome.ExitCode != 137)
                problems.Add($"{index}. {point.Name}: the app ended with exit code {outcome.ExitCode}, not by SIGKILL (137)");
            if (panel.Status != "Succeeded")
                problems.Add($"{index}. {point.Name}: the resumed sync ended {panel.Status}");
            problems.AddRange(audit.Problems.Take(20).Select(problem => $"{index}. {point.Name}: {problem}"));
            output.WriteLine($"{index,2}. {point.Phase}, {point.Name}: SIGKILLed after {toDeath.TotalSeconds:F1} s (exit {outcome.ExitCode}); "
                + $"ready again in {toReady.TotalSeconds:F1} s; resumed run {panel.Status}; {audit.Postings:N0} postings, "
                + (audit.Clean ? "each balance transaction once, the ledger equal to Stripe" : $"{audit.Problems.Count} problems"));
        }

        await app.Process.KillAsync();
        problems.AddRange(CheckDatabase(app.DatabasePath, runs, output));
        output.WriteLine($"The app was started {app.Starts} times.");
        return new Result(outcomes, problems);
    }

    /// <summary>Presses "Sync now" and waits until the app has died (true) or the run has ended alive (false).</summary>
    static async Task<bool> SyncUntilKilledAsync(ProofApp app, string installedAppId)
    {
        var process = app.Process;
        try
        {
            var portal = await app.PortalAsync(installedAppId);
            await portal.SyncNowAsync();
            var deadline = DateTime.UtcNow.AddMinutes(10);
            while (!process.HasExited && DateTime.UtcNow < deadline)
            {
                if ((await portal.PanelAsync()).Status is not ("Running" or ""))
                    return process.HasExited;
                await Task.Delay(50);
            }
        }
        catch (HttpRequestException) { }
        catch (TaskCanceledException) { }
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(wait.Token);
        return true;
    }

    /// <summary>A payout Stripe lists only after its transactions were posted: the next run tags them with Cloud calls.</summary>
    static async Task PostPayoutBeforeStripeListsItAsync(ProofApp app, DevCloudHandle devCloud, string installedAppId, List<string> problems)
    {
        var account = devCloud.Stripe!.Account;
        var first = await app.SyncToSuccessAsync(installedAppId, pressSyncNow: true);
        var payoutId = account.AddActivity(new StripeActivityRequest { Payments = 0, Refunds = 0, Payouts = 1 }).PayoutIds.Single();
        var second = await app.SyncToSuccessAsync(installedAppId, pressSyncNow: true);
        account.CompletePayoutReconciliation(payoutId);
        if (first.Status != "Succeeded" || second.Status != "Succeeded")
            problems.Add($"the syncs before the payout-tagging point ended {first.Status} and {second.Status}");
    }

    /// <summary>The file after a last SIGKILL: it opens, every document reads, and each install's last run matched Stripe.</summary>
    static IEnumerable<string> CheckDatabase(string path, IReadOnlyDictionary<string, string> installs, TextWriter output)
    {
        var problems = new List<string>();
        using var db = new LiteDatabase(new ConnectionString { Filename = path }, new BsonMapper { EnumAsInteger = false });
        var snapshot = AppStateSnapshot.Of(db);
        var lastRuns = db.GetCollection<SyncRunRecord>(SyncRunRecord.Collection).FindAll()
            .Where(run => run.Status == SyncRunStatus.Succeeded)
            .GroupBy(run => run.InstalledAppId)
            .ToDictionary(group => group.Key, group => group.OrderByDescending(run => run.StartedAt).First());
        foreach (var (installedAppId, point) in installs)
        {
            if (!lastRuns.TryGetValue(installedAppId, out var run))
                continue;
            foreach (var line in run.Reconciliation.Where(line => !line.Matches))
                problems.Add($"{point}: the app's reconciliation of {line.BalanceType} {line.Currency} differs by {line.Difference}");
        }
        output.WriteLine($"Database after the last SIGKILL: opened, {snapshot.Collections.Values.Sum(c => c.Count):N0} documents in {snapshot.Collections.Count} collections read; "
            + $"the app's own reconciliation {(problems.Count == 0 ? "matched" : "differed")} in the last run of each of {lastRuns.Count} installs");
        return problems;
    }
}
