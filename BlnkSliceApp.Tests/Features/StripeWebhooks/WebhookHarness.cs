using System.Text;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Hosting;
using BlnkSliceApp.DevCloud.Stripe.Webhooks;
using BlnkSliceApp.Features.StripeWebhooks;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Tests.DevCloud;
using BlnkSliceApp.Tests.Features.SyncNow;

namespace BlnkSliceApp.Tests.Features.StripeWebhooks;

/// <summary>
/// DevCloud with an empty Stripe account (activity is added by each test), the app on a movable
/// clock, and every log line of the app captured. Each test installs into its own instance and
/// connects its webhook through the portal, as DevCloud's "Connect webhook" does.
/// </summary>
public sealed class WebhookHarness : DevCloudApp
{
    public MovableClock Clock { get; } = new();
    public LogCapture Logs { get; } = new();
    public HttpClient Http { get; } = new();

    protected override void Configure(Dictionary<string, string?> appSettings)
    {
        appSettings["Logging:LogLevel:Default"] = "Information";
        appSettings["Logging:LogLevel:BlnkSliceApp"] = "Debug";
        appSettings["RateLimits:PortalPostsPerSessionPerMinute"] = "100000";
    }

    protected override void Configure(DevCloudOptions options)
    {
        options.SeedStripeAccount = false;
        options.ConfigureApp = builder =>
        {
            builder.Services.AddSingleton<TimeProvider>(Clock);
            builder.Logging.AddProvider(Logs);
        };
    }

    public async Task<(DevCloudInstall Install, WebhookEndpoint Endpoint)> InstallWithWebhookAsync()
    {
        var install = await DevCloud.InstallAsync([Scopes.DataRead, Scopes.DataWrite]);
        await AppConfirmedAsync(DevCloud, install);
        var connected = await DevCloud.ConnectWebhookAsync(install.InstalledAppId);
        Assert.True(connected.Succeeded, connected.Error);
        return (install, DevCloud.Stripe!.Account.WebhookEndpoints.Single(e => e.Id == connected.EndpointId));
    }

    /// <summary>A first run, so later runs are incremental (the account may be empty).</summary>
    public async Task<SyncRunRecord> SyncNowAsync(DevCloudInstall install)
    {
        var start = Service<ISyncLauncher>().Start(install.InstalledAppId, SyncTrigger.Manual);
        Assert.True(start.Started, start.RefusalMessage);
        return await FinishedAsync(start.Run!.RunId);
    }

    public async Task<SyncRunRecord> FinishedAsync(string runId)
    {
        await Eventually.TrueAsync(() => Task.FromResult(Service<SyncRuns>().Get(runId)?.IsFinished == true), 30_000);
        var run = Service<SyncRuns>().Get(runId)!;
        Assert.True(run.Status == SyncRunStatus.Succeeded, $"the run ended {run.Status}: {string.Join("; ", run.Errors)}");
        return run;
    }

    public List<SyncRunRecord> Runs(DevCloudInstall install, SyncTrigger trigger) =>
        Service<AppDatabase>().Collection<SyncRunRecord>(SyncRunRecord.Collection)
            .Find(run => run.InstalledAppId == install.InstalledAppId).Where(run => run.Trigger == trigger).ToList();

    public bool IsRecorded(DevCloudInstall install, string balanceTransactionId) =>
        Service<BlnkSliceApp.Shared.Sync.Store.SyncItems>().IsRecorded(install.InstalledAppId, "stripe:" + balanceTransactionId);

    /// <summary>Posts to the app's webhook route as Stripe would, with whatever signature the test chooses.</summary>
    public async Task<(HttpStatusCode Status, string Body)> DeliverAsync(string url, string json, string? signature)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (signature is not null)
            request.Headers.TryAddWithoutValidation("Stripe-Signature", signature);
        using var response = await Http.SendAsync(request);
        return (response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Waits until DevCloud has delivered every event made so far to this endpoint (the app answered 2xx).</summary>
    public Task DeliveredAsync(WebhookEndpoint endpoint)
    {
        var stripe = DevCloud.Stripe!;
        var events = stripe.Account.Events.Where(e => e.Created >= endpoint.Created).Select(e => e.Id).ToHashSet();
        return Eventually.TrueAsync(() => Task.FromResult(events.IsSubsetOf(stripe.Webhooks.Attempts
            .Where(a => a.EndpointId == endpoint.Id && a.Outcome is "delivered" or "lost").Select(a => a.EventId))), 20_000);
    }

    public long Now => Clock.GetUtcNow().ToUnixTimeSeconds();

    public WebhookRuns Debouncer => Service<WebhookRuns>();
}
