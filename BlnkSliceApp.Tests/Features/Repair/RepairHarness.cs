using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.DevCloud.Hosting;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;
using BlnkSliceApp.Tests.Features.SyncNow;

namespace BlnkSliceApp.Tests.Features.Repair;

/// <summary>
/// DevCloud over an empty Stripe account and the app, for the repair journeys: each test
/// installs into its own instance (its own ledger), makes the activity it needs, syncs, and
/// repairs through the portal's own endpoints with a launched session.
/// </summary>
public sealed class RepairHarness : DevCloudApp
{
    protected override void Configure(Dictionary<string, string?> appSettings)
    {
        appSettings["RateLimits:PortalEnterPerMinute"] = "100000";
        appSettings["RateLimits:PortalPostsPerSessionPerMinute"] = "100000";
        appSettings["Stripe:TestRequestsPerSecond"] = "1000";
    }

    protected override void Configure(DevCloudOptions options) => options.SeedStripeAccount = false;

    public Task<DevCloudInstall> InstallAsync(params string[] scopes) => InstallLiveAsync(scopes);

    /// <summary>A run started now (after any run already going, such as the one a new install starts), to its end.</summary>
    public async Task<SyncRunRecord> SyncAsync(DevCloudInstall install)
    {
        while (true)
        {
            var start = Service<ISyncLauncher>().Start(install.InstalledAppId, SyncTrigger.Manual);
            Assert.True(start.Started, start.RefusalMessage);
            var run = await FinishedAsync(start.Run!.RunId);
            if (!start.AlreadyRunning)
                return run;
        }
    }

    async Task<SyncRunRecord> FinishedAsync(string runId)
    {
        SyncRunRecord? run = null;
        await BlnkSliceApp.Tests.DevCloud.Eventually.TrueAsync(() => Task.FromResult((run = Service<SyncRuns>().Get(runId)) is { IsFinished: true }), 60_000);
        // The launcher lets go of the install just after the run is recorded as finished.
        await BlnkSliceApp.Tests.DevCloud.Eventually.TrueAsync(() => Task.FromResult(Service<SyncLauncher>().ActiveRunId(run!.InstalledAppId) != runId), 10_000);
        return run!;
    }

    /// <summary>A portal session as the launched page holds it, and a client for the app's origin.</summary>
    public async Task<Portal> OpenPortalAsync(DevCloudInstall install)
    {
        var launch = await DevCloud.LaunchAsync(install.InstalledAppId);
        Assert.True(launch.Succeeded, launch.Error);
        var client = new HttpClient { BaseAddress = DevCloud.AppUrl };
        var page = await client.GetStringAsync(launch.PortalUrl!.PathAndQuery);
        return new Portal(client, PortalPages.SessionTokenIn(page) ?? throw new InvalidOperationException("no session on the portal page"));
    }

    public InstanceLedger Ledger(DevCloudInstall install) => DevCloud.Ledger(install.InstanceId);

    /// <summary>How many ledger transactions carry this reference (exactly once means 1).</summary>
    public int Count(DevCloudInstall install, string reference) =>
        Ledger(install).Snapshot(DataResource.Transactions).Count(t => (string?)t["reference"] == reference);

    /// <summary>An indicator's balance in a currency, in minor units (0 when it does not exist yet).</summary>
    public long Balance(DevCloudInstall install, string indicator, string currency) =>
        Ledger(install).Snapshot(DataResource.Balances)
            .Where(b => (string?)b["indicator"] == indicator && (string?)b["currency"] == currency)
            .Select(b => long.Parse(b["balance"]!.ToString(), System.Globalization.CultureInfo.InvariantCulture))
            .FirstOrDefault();

    public List<SyncItemRecord> Items(DevCloudInstall install) =>
        Service<AppDatabase>().Collection<SyncItemRecord>(SyncItemRecord.Collection).Find(item => item.InstalledAppId == install.InstalledAppId).ToList();

    public SyncItemRecord Item(DevCloudInstall install, string reference) =>
        Service<AppDatabase>().Collection<SyncItemRecord>(SyncItemRecord.Collection).FindById(SyncItemRecord.IdFor(install.InstalledAppId, reference));

    public List<SyncRunRecord> RepairRuns(DevCloudInstall install) =>
        Service<AppDatabase>().Collection<SyncRunRecord>(SyncRunRecord.Collection)
            .Find(run => run.InstalledAppId == install.InstalledAppId && run.Trigger == SyncTrigger.Repair).ToList();
}

/// <summary>A launched portal session: GETs and form POSTs as htmx sends them.</summary>
public sealed record Portal(HttpClient Client, string Session) : IDisposable
{
    public async Task<(HttpStatusCode Status, AngleSharp.Dom.IDocument Html, HttpResponseMessage Response)> GetAsync(string path) =>
        await Client.GetHtmlAsync(PortalPages.HtmxGet(path, Session));

    public async Task<(HttpStatusCode Status, AngleSharp.Dom.IDocument Html, HttpResponseMessage Response)> PostAsync(string path, params (string Name, string Value)[] form) =>
        await Client.GetHtmlAsync(PortalRequests.HtmxPost(path, Session, form.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    public void Dispose() => Client.Dispose();
}

public static class RepairAnswersRead
{
    public static string Trigger(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("HX-Trigger", out var values) ? string.Join(",", values) : "";

    public static JsonObject? Problem(string text) => JsonNode.Parse(text) as JsonObject;
}
