using System.Net.Sockets;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Hosting;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Tests.DevCloud;

namespace BlnkSliceApp.Tests.Shared.Telemetry;

/// <summary>
/// DevCloud over a small Stripe account (a few payments added by each test), so a run takes a
/// second, not the seeded account's minute. <see cref="WithMetricsPort"/> turns the scrape endpoint on.
/// </summary>
public class TelemetryHarness : DevCloudApp
{
    public IServiceProvider App => DevCloud.AppServices!;

    /// <summary>The METRICS_PORT given to the app; null: left unset, as by default.</summary>
    public virtual int? MetricsPort => null;

    protected override void Configure(Dictionary<string, string?> appSettings)
    {
        appSettings["Stripe:TestRequestsPerSecond"] = "1000";
        if (MetricsPort is { } port)
            appSettings["METRICS_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    protected override void Configure(DevCloudOptions options) => options.SeedStripeAccount = false;

    /// <summary>A fresh install (its own ledger) over an account with some new payments and a refund.</summary>
    public async Task<DevCloudInstall> InstallWithActivityAsync()
    {
        DevCloud.Stripe!.Account.AddActivity(new() { Customers = 2, Payments = 4, Refunds = 1, Payouts = 0, Currency = "usd" });
        return await InstallLiveAsync([]);
    }

    public async Task<SyncRunRecord> SyncAsync(DevCloudInstall install)
    {
        var start = Service<ISyncLauncher>().Start(install.InstalledAppId, SyncTrigger.Manual);
        Assert.True(start.Started, start.RefusalMessage);
        var runs = Service<SyncRuns>();
        await Eventually.TrueAsync(() => Task.FromResult(runs.Get(start.Run!.RunId) is { IsFinished: true }), 90_000);
        var run = runs.Get(start.Run!.RunId)!;
        Assert.True(run.Status == SyncRunStatus.Succeeded, $"the run ended {run.Status}: {string.Join("; ", run.Errors)}");
        return run;
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

public sealed class MetricsPortHarness : TelemetryHarness
{
    public override int? MetricsPort { get; } = FreeLoopbackPort();
}
