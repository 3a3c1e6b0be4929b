using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Hosting;

namespace BlnkSliceApp.Tests.Support;

/// <summary>
/// DevCloud (emulated Cloud and Stripe) with the app in this process, for one test class: each
/// test installs into its own instance. Subclasses add the app settings their tests need.
/// </summary>
public abstract class DevCloudApp : IAsyncLifetime
{
    DevCloudHandle? _handle;

    public DevCloudHandle DevCloud => _handle ?? throw new InvalidOperationException("DevCloud did not start.");
    public T Service<T>() where T : notnull => DevCloud.AppServices!.GetRequiredService<T>();

    protected abstract void Configure(Dictionary<string, string?> appSettings);

    /// <summary>DevCloud's own options (its registration, its Stripe account), before it starts.</summary>
    protected virtual void Configure(DevCloudOptions options) { }

    public async Task InitializeAsync()
    {
        // The emulated Cloud and Stripe share this process with the app and block on their state
        // locks; without spare threads the pool's slow growth, not the app, sets the pace.
        ThreadPool.SetMinThreads(64, 64);
        var options = DevCloudOptions.ForTests();
        options.AppSettings["RateLimits:CloudPerMinute"] = "100000";
        options.AppSettings["SYNC_INTERVAL_MINUTES"] = "0";
        Configure(options.AppSettings);
        Configure(options);
        _handle = await DevCloudHost.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_handle is not null) await _handle.DisposeAsync();
    }

    /// <summary>Installs through the DevCloud dashboard flow; the app must have accepted the key.</summary>
    protected async Task<DevCloudInstall> InstallLiveAsync(string[] scopes)
    {
        var install = await DevCloud.InstallAsync(scopes.Length == 0 ? null : scopes);
        Assert.True(install.IsKeyLive, $"install failed: the app answered {install.InstallAnswer}");
        return install;
    }
}
