using System.Diagnostics;
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
        var appIndex = Array.IndexOf(args, "--app");
        string? published = null;
        var appDll = appIndex >= 0 && appIndex + 1 < args.Length ? Path.GetFullPath(args[appIndex + 1]) : published = await PublishAsync();
        Console.WriteLine($"BlnkSliceApp proof suite ({Environment.ProcessorCount} cores, app: {appDll})");
        var proven = true;
        try
        {
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
        }
        finally
        {
            if (published is not null)
                Directory.Delete(Path.GetDirectoryName(published)!, recursive: true);
        }
        return proven ? 0 : 1;
    }

    /// <summary><c>dotnet publish -c Release</c> into a temporary folder, as the Dockerfile does.</summary>
    static async Task<string> PublishAsync()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "BlnkSliceApp.sln")))
            root = root.Parent;
        if (root is null)
            throw new DirectoryNotFoundException("Run the proof from the repository, or name the app with --app.");
        var output = Directory.CreateTempSubdirectory("blnkslice-proof-app-").FullName;
        Console.WriteLine($"Publishing the app (Release) into {output} ...");
        using var publish = Process.Start(new ProcessStartInfo("dotnet",
            ["publish", Path.Combine(root.FullName, "BlnkSliceApp", "BlnkSliceApp.csproj"), "-c", "Release", "-o", output, "--nologo", "-v", "quiet"]))!;
        await publish.WaitForExitAsync();
        if (publish.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish failed with exit code {publish.ExitCode}");
        return Path.Combine(output, "BlnkSliceApp.dll");
    }
}
