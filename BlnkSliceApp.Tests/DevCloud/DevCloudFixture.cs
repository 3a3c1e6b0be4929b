using BlnkSliceApp.DevCloud.Hosting;

namespace BlnkSliceApp.Tests.DevCloud;

/// <summary>
/// One DevCloud with the app, per test class. Tests stay independent by installing into a
/// fresh instance each (every install gets its own ledger).
/// </summary>
public sealed class DevCloudFixture : IAsyncLifetime
{
    DevCloudHandle? _handle;

    public DevCloudHandle Handle => _handle ?? throw new InvalidOperationException("DevCloud did not start.");

    public async Task InitializeAsync()
    {
        var options = DevCloudOptions.ForTests();
        options.AppSettings["RateLimits:CloudPerMinute"] = "100000";
        options.AppSettings["RateLimits:PortalEnterPerMinute"] = "100000";
        options.AppSettings["SYNC_INTERVAL_MINUTES"] = "0";
        _handle = await DevCloudHost.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_handle is not null) await _handle.DisposeAsync();
    }

    /// <summary>A fresh install (own instance, own ledger) and a client speaking the Cloud API with its key.</summary>
    public async Task<CloudApiClient> InstallAsync(params string[] scopes)
    {
        var install = await Handle.InstallAsync(scopes.Length == 0 ? null : scopes);
        Assert.True(install.IsKeyLive, $"install failed: the app answered {install.InstallAnswer}");
        await BlnkSliceApp.Tests.Support.DevCloudApp.AppConfirmedAsync(Handle, install);
        return new CloudApiClient(Handle.CreateCloudClient(install), install);
    }
}
