using BlnkSliceApp.DevCloud.Hosting;
using BlnkSliceApp.DevCloud.Proof.Crash;
using BlnkSliceApp.DevCloud.Proof.Faults;

namespace BlnkSliceApp.DevCloud.Proof;

/// <summary>
/// <c>dotnet run --project BlnkSliceApp.DevCloud -c Release -- proof [--crash] [--faults] [--quick] [--app path/BlnkSliceApp.dll]</c>:
/// publishes the app as the Dockerfile does (unless <c>--app</c> names a build), then runs the
/// crash-and-resume proof (5,000 items, 10 SIGKILLs) and the faults proof (20,000 items), and
/// prints their figures. Exit code 0 when everything held.
/// </summary>
public static class ProofCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var quick = args.Contains("--quick");
        var all = !args.Contains("--crash") && !args.Contains("--faults");
        using var app = await PublishedApp.FromArgsAsync(args, "proof");
        var appDll = app.Dll;
        Console.WriteLine($"BlnkSliceApp proof suite ({Environment.ProcessorCount} cores, app: {appDll})");
        var proven = true;
        if (all || args.Contains("--crash"))
        {
            var (transactions, customers, points) = quick ? (300, 30, KillPoint.Quick) : (5_000, 500, KillPoint.Full);
            Console.WriteLine();
            Console.WriteLine($"Crash and resume: {transactions:N0} balance transactions, {customers:N0} customers, SIGKILL at {points.Count} points (a fresh install each)");
            var crash = await CrashProof.RunAsync(appDll, points, transactions, customers, Console.Out);
            foreach (var problem in crash.Problems)
                Console.WriteLine($"  PROBLEM: {problem}");
            Console.WriteLine(crash.Proven ? "Crash and resume: PROVEN" : "Crash and resume: FAILED");
            proven &= crash.Proven;
        }
        if (all || args.Contains("--faults"))
        {
            var (transactions, customers) = quick ? (2_000, 200) : (20_000, 1_000);
            Console.WriteLine();
            Console.WriteLine($"Faults: {transactions:N0} balance transactions, {customers:N0} customers; Cloud: 20% of calls fail (500, 503, 429 with Retry-After, time-outs), 10% of write answers lost after Cloud applied them; Stripe: 10% 429s");
            var faults = await FaultsProof.RunAsync(appDll, transactions, customers, Console.Out);
            Console.WriteLine($"  sync under faults: {faults.Status} after {faults.Runs} run(s), {faults.Elapsed.TotalSeconds:F0} s");
            Console.WriteLine($"  Cloud calls {faults.CloudCalls:N0}, of which {faults.InjectedCloudFaults:N0} failed on purpose; {faults.LostAnswers:N0} write answers lost after Cloud applied them ({faults.LostBulkAnswers:N0} of bulk posts); Stripe 429s {faults.InjectedStripeFaults:N0}");
            Console.WriteLine($"  settling the {faults.LostBulkAnswers:N0} lost bulk answers: {faults.SettlingLookUps:N0} reference look-ups, {(faults.LostBulkAnswers == 0 ? 0 : (double)faults.SettlingLookUps / faults.LostBulkAnswers):F1} per lost bulk answer (look-ups naming only the lost call's postings, until the next batch; attempts failed on purpose not counted)");
            Console.WriteLine($"  reference look-ups beyond the fault-free sync's, for any reason, attempts failed on purpose included: {faults.ExtraLookUps:N0}");
            Console.WriteLine($"  ledger: {faults.Audit.Postings:N0} postings, {(faults.Audit.Clean ? "each balance transaction exactly once, equal to Stripe" : string.Join("; ", faults.Audit.Problems.Take(20)))}");
            Console.WriteLine(faults.Proven ? "Faults: PROVEN" : "Faults: FAILED");
            proven &= faults.Proven;
        }
        return proven ? 0 : 1;
    }
}
