using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.DevCloud.Hosting;
using BlnkSliceApp.DevCloud.Lifecycle;
using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Tests.Shared.Cloud;

/// <summary>
/// DevCloud with the app, for one test class, with short retry delays and attempt time-outs.
/// Each test installs into its own instance (its own ledger); faults are reset after each use.
/// </summary>
public sealed class CloudHarness : IAsyncLifetime
{
    DevCloudHandle? _handle;

    public DevCloudHandle DevCloud => _handle ?? throw new InvalidOperationException("DevCloud did not start.");
    public T Service<T>() where T : notnull => DevCloud.AppServices!.GetRequiredService<T>();

    public async Task InitializeAsync()
    {
        var options = DevCloudOptions.ForTests();
        options.AppSettings["RateLimits:CloudPerMinute"] = "100000";
        options.AppSettings["SYNC_INTERVAL_MINUTES"] = "0";
        options.AppSettings["CloudClient:AttemptTimeoutSeconds"] = "1";
        options.AppSettings["CloudClient:MaxRetries"] = "8";
        options.AppSettings["CloudClient:RetryDelayMilliseconds"] = "10";
        options.AppSettings["CloudClient:MaxRetryDelaySeconds"] = "0.2";
        _handle = await DevCloudHost.StartAsync(options);
    }

    public async Task DisposeAsync()
    {
        if (_handle is not null) await _handle.DisposeAsync();
    }

    public sealed record Installed(DevCloudInstall DevCloud, InstallRecord Record, CloudClient Client)
    {
        public string InstanceId => DevCloud.InstanceId;
        public string InstalledAppId => DevCloud.InstalledAppId;
    }

    public async Task<Installed> InstallAsync(params string[] scopes)
    {
        var install = await DevCloud.InstallAsync(scopes.Length == 0 ? null : scopes);
        Assert.True(install.IsKeyLive, $"install failed: the app answered {install.InstallAnswer}");
        var record = Service<InstallDirectory>().FindActive(install.InstalledAppId)!;
        return new Installed(install, record, Service<CloudClients>().For(record));
    }

    public InstanceLedger Ledger(Installed install) => DevCloud.Ledger(install.InstanceId);

    /// <summary>Calls the app made to the Cloud API for this instance (the instance id is on every call).</summary>
    public IReadOnlyList<CallLogEntry> CallsOf(Installed install) =>
        DevCloud.CallLog.Entries.Where(e => e.Direction == CallDirection.AppToCloud && e.Target.Contains(install.InstanceId, StringComparison.Ordinal)).ToList();

    public static JsonObject Transaction(string reference, long preciseAmount = 1000, string currency = "USD", long precision = 100,
        string source = "@stripe", string destination = "@customers", bool allowOverdraft = true) => new()
    {
        ["precise_amount"] = preciseAmount,
        ["precision"] = precision,
        ["currency"] = currency,
        ["reference"] = reference,
        ["description"] = $"Test {reference}",
        ["source"] = source,
        ["destination"] = destination,
        ["allow_overdraft"] = allowOverdraft,
        ["skip_queue"] = true,
    };

    public static async Task UntilAsync(Func<bool> condition, int timeoutMs = 10_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
                throw new Xunit.Sdk.XunitException($"The condition did not hold within {timeoutMs} ms.");
            await Task.Delay(10);
        }
    }
}
