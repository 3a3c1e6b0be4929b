using System.Diagnostics;
using BlnkSliceApp.DevCloud.Hosting;

namespace BlnkSliceApp.DevCloud.Proof.Faults;

/// <summary>
/// The app as a real process syncs a generated account through a DevCloud that fails a fifth of
/// Cloud calls, loses a tenth of write answers after carrying them out, and throttles a tenth of
/// Stripe calls: every balance transaction must land exactly once, and each lost bulk answer be
/// settled with a few reference look-ups. A fault-free sync of the same account into another
/// install first gives the look-ups a sync makes anyway (payout tagging), so the extra ones are
/// what settling costs.
/// </summary>
public static class FaultsProof
{
    public sealed record Result(string Status, int Runs, TimeSpan Elapsed, LedgerAudit Audit, long CloudCalls, long InjectedCloudFaults,
        long LostAnswers, long LostBulkAnswers, long ExtraLookUps, long SettlingLookUps, long InjectedStripeFaults)
    {
        public bool Proven => Status == "Succeeded" && Audit.Clean;
    }

    public static async Task<Result> RunAsync(string appDll, int transactions, int customers, TextWriter output)
    {
        var options = DevCloudOptions.ForTests();
        options.StartApp = false;
        options.SeedStripeAccount = false;
        await using var devCloud = await DevCloudHost.StartAsync(options);
        devCloud.Stripe!.Account.GenerateLarge(transactions, customers);
        await using var app = new ProofApp(appDll, devCloud);
        await app.StartAsync();

        var quiet = await devCloud.InstallAsync();
        var lookUpsBefore = devCloud.CallLog.ReferenceLookUps;
        var baseline = await app.SyncToSuccessAsync(quiet.InstalledAppId, pressSyncNow: true);
        var baselineLookUps = devCloud.CallLog.ReferenceLookUps - lookUpsBefore;
        output.WriteLine($"fault-free sync into a first install: {baseline.Status}, {baseline.Posted:N0} postings, {baselineLookUps:N0} reference look-ups");

        var install = await devCloud.InstallAsync();
        var injector = devCloud.CloudFaultInjector;
        var (calls, injected, lost, lostBulk, lookUps, settling, stripeFaults) =
            (devCloud.CallLog.AppCalls, injector.InjectedCount, injector.LostAnswerCount, injector.LostBulkAnswerCount, devCloud.CallLog.ReferenceLookUps,
                injector.SettlingLookUpCount, devCloud.Stripe.FaultsInjected);
        devCloud.CloudFaults.CopyFrom(ProofFaults.Cloud);
        // The first bulk answer is lost for sure: a quick run has too few bulk calls for the 10% to meet one reliably.
        devCloud.CloudFaults.LoseNextBulkAnswers = 1;
        devCloud.Stripe.Faults.CopyFrom(ProofFaults.Stripe);
        var clock = Stopwatch.StartNew();
        (BlnkSliceApp.DevCloud.Bench.SyncPanel Panel, int Runs) synced;
        try
        {
            synced = await app.SyncCountingRunsAsync(install.InstalledAppId, pressSyncNow: true, attempts: 10);
        }
        finally
        {
            devCloud.CloudFaults.Reset();
            devCloud.Stripe.Faults.Reset();
        }
        clock.Stop();
        var audit = LedgerAudit.Of(devCloud, install.InstanceId);
        return new Result(synced.Panel.Status, synced.Runs, clock.Elapsed, audit,
            devCloud.CallLog.AppCalls - calls, injector.InjectedCount - injected, injector.LostAnswerCount - lost, injector.LostBulkAnswerCount - lostBulk,
            devCloud.CallLog.ReferenceLookUps - lookUps - baselineLookUps,
            injector.SettlingLookUpCount - settling, devCloud.Stripe.FaultsInjected - stripeFaults);
    }
}
