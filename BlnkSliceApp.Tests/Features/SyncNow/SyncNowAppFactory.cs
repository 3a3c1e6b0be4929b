using System.Collections.Concurrent;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Runs;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace BlnkSliceApp.Tests.Features.SyncNow;

/// <summary>
/// The app with a stand-in for the sync engine's launcher (the engine is not in this build):
/// it records every start and writes run records to the app's database as the engine does.
/// </summary>
public class SyncNowAppFactory : AppFactory
{
    public const string StripeSecretKey = "sk_test_portalsecret_4eC39HqLyjWDarjtT1zdp7dc";

    public SyncNowAppFactory() => Settings["STRIPE_SECRET_KEY"] = StripeSecretKey;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services => services.AddSingleton<ISyncLauncher, RecordingLauncher>());
    }

    public RecordingLauncher Launcher => (RecordingLauncher)Service<ISyncLauncher>();
    public SyncRuns Runs => Service<SyncRuns>();
}

public sealed class RecordingLauncher(SyncRuns runs, AppDatabase database) : ISyncLauncher
{
    readonly Lock _gate = new();

    public ConcurrentQueue<(string InstalledAppId, SyncTrigger Trigger)> Starts { get; } = new();

    /// <summary>Installs the launcher refuses, with the refusal and its words.</summary>
    public ConcurrentDictionary<string, (SyncStartRefusal Refusal, string Message)> Refusals { get; } = new();

    public SyncStart Start(string installedAppId, SyncTrigger trigger)
    {
        Starts.Enqueue((installedAppId, trigger));
        if (Refusals.TryGetValue(installedAppId, out var refusal))
            return new SyncStart(null, false, refusal.Refusal, refusal.Message);

        lock (_gate)
        {
            var running = database.Collection<SyncRunRecord>(SyncRunRecord.Collection)
                .FindOne(run => run.InstalledAppId == installedAppId && run.Status == SyncRunStatus.Running);
            if (running is not null)
                return new SyncStart(running, AlreadyRunning: true, SyncStartRefusal.None, null);
            var run = runs.Create(installedAppId, trigger);
            run.Phase = "Reading Stripe";
            runs.Save(run);
            return new SyncStart(run, AlreadyRunning: false, SyncStartRefusal.None, null);
        }
    }

    public int StartsOf(string installedAppId) => Starts.Count(start => start.InstalledAppId == installedAppId);
}
