using BlnkSliceApp.DevCloud.Cloud;
using BlnkSliceApp.DevCloud.Cloud.Api;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.DevCloud.Faults;
using BlnkSliceApp.DevCloud.Lifecycle;
using BlnkSliceApp.DevCloud.Stripe;

namespace BlnkSliceApp.DevCloud.Hosting;

/// <summary>
/// A running DevCloud (and usually the app), for tests and the command line. The lifecycle
/// methods do exactly what the page's buttons do.
/// </summary>
public sealed class DevCloudHandle : IAsyncDisposable
{
    readonly WebApplication _cloud;
    WebApplication? _app;
    readonly Func<WebApplication>? _buildApp;
    readonly bool _deleteData;
    readonly DashboardLifecycle _lifecycle;

    internal DevCloudHandle(WebApplication cloud, WebApplication? app, Func<WebApplication>? buildApp, StripeEmulator? stripe, Uri cloudUrl, Uri appUrl, string dataDirectory, bool deleteData)
    {
        _cloud = cloud;
        _app = app;
        _buildApp = buildApp;
        Stripe = stripe;
        _deleteData = deleteData;
        DevCloudUrl = cloudUrl;
        AppUrl = appUrl;
        DataDirectory = dataDirectory;
        _lifecycle = cloud.Services.GetRequiredService<DashboardLifecycle>();
        Cloud = cloud.Services.GetRequiredService<CloudState>();
        CallLog = cloud.Services.GetRequiredService<CallLog>();
        CloudFaults = cloud.Services.GetRequiredService<CloudFaults>().Plan;
        CloudTrap = cloud.Services.GetRequiredService<CloudFaults>().Trap;
    }

    /// <summary>The emulated Stripe account the app syncs (its key is the app's STRIPE_SECRET_KEY); null when not started.</summary>
    public StripeEmulator? Stripe { get; }

    /// <summary>The dashboard page, and the base URL of the emulated Cloud API (the app's BLNK_CLOUD_API_URL).</summary>
    public Uri DevCloudUrl { get; }
    public Uri CloudApiUrl => DevCloudUrl;

    /// <summary>The app's origin (its PUBLIC_BASE_URL); the app is hosted here unless StartApp was false.</summary>
    public Uri AppUrl { get; }
    public string DataDirectory { get; }

    /// <summary>The in-process app's services (null when the app runs elsewhere).</summary>
    public IServiceProvider? AppServices => _app?.Services;

    public AppRegistration Registration => _lifecycle.Registration;
    public CloudState Cloud { get; }
    public FaultPlan CloudFaults { get; }
    public CallTrap CloudTrap { get; }
    public FaultInjector CloudFaultInjector => _cloud.Services.GetRequiredService<CloudFaults>().Injector;
    public CallLog CallLog { get; }
    public IReadOnlyList<DevCloudInstall> Installs => Cloud.Installs.All;

    public InstanceLedger Ledger(string instanceId) => Cloud.Ledger(instanceId);

    /// <summary>Installs the app with these scopes (all requested ones when null), into a new instance unless one is named.</summary>
    public Task<DevCloudInstall> InstallAsync(IEnumerable<string>? scopes = null, string? instanceId = null, CancellationToken ct = default,
        InstallPayloadShape shape = InstallPayloadShape.Current) =>
        _lifecycle.InstallAsync(scopes ?? Registration.RequestedScopes, instanceId, ct, shape);

    /// <summary>The user installs an uninstalled install again into its instance: a new key, the same installed_app_id.</summary>
    public Task<ChangeResult> ReinstallAsync(string installedAppId, IEnumerable<string>? scopes = null, CancellationToken ct = default) =>
        _lifecycle.ReinstallAsync(installedAppId, scopes ?? Registration.RequestedScopes, ct);

    /// <summary>The user changes the install's granted permissions: a new key and a new install event.</summary>
    public Task<ChangeResult> ChangePermissionsAsync(string installedAppId, IEnumerable<string> scopes, CancellationToken ct = default) =>
        _lifecycle.ChangePermissionsAsync(installedAppId, scopes, ct);

    /// <summary>
    /// Stops the hosted app and starts it again over the same data and address: a deploy or a
    /// crash-and-restart, as far as the database and DevCloud can tell.
    /// </summary>
    public async Task RestartAppAsync(CancellationToken ct = default)
    {
        if (_app is null || _buildApp is null)
            throw new InvalidOperationException("The app is not hosted by this DevCloud.");
        await _app.StopAsync(ct);
        await _app.DisposeAsync();
        _app = _buildApp();
        await _app.StartAsync(ct);
    }

    public Task<LaunchResult> LaunchAsync(string installedAppId, CancellationToken ct = default) =>
        _lifecycle.LaunchAsync(installedAppId, ct);

    /// <summary>"Connect webhook": the install's Stripe webhook set up through its portal, as its user would.</summary>
    public Task<WebhookConnectResult> ConnectWebhookAsync(string installedAppId, CancellationToken ct = default) =>
        WebhookConnection.ConnectAsync(_lifecycle, Stripe ?? throw new InvalidOperationException("DevCloud runs without its Stripe emulator."), installedAppId, ct);

    public Task<UninstallResult> UninstallAsync(string installedAppId, CancellationToken ct = default) =>
        _lifecycle.UninstallAsync(installedAppId, ct);

    /// <summary>An HTTP client for the Cloud API carrying this install's key, as the app would call it.</summary>
    public HttpClient CreateCloudClient(DevCloudInstall install)
    {
        var client = new HttpClient { BaseAddress = CloudApiUrl };
        client.DefaultRequestHeaders.Authorization = new("Bearer", install.ApiKey);
        return client;
    }

    /// <summary>Completes when either host is told to stop (Ctrl+C).</summary>
    public Task WaitForShutdownAsync(CancellationToken ct = default) =>
        _app is null
            ? _cloud.WaitForShutdownAsync(ct)
            : Task.WhenAny(_cloud.WaitForShutdownAsync(ct), _app.WaitForShutdownAsync(ct));

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        await _cloud.DisposeAsync();
        if (Stripe is not null) await Stripe.DisposeAsync();
        if (_deleteData)
        {
            try { Directory.Delete(DataDirectory, recursive: true); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
