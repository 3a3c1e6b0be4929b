using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.DevCloud.Lifecycle;
using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Tests.Shared.Cloud;

/// <summary>
/// DevCloud with the app, for one test class, with short retry delays and attempt time-outs.
/// Each test installs into its own instance (its own ledger); faults are reset after each use.
/// </summary>
public sealed class CloudHarness : DevCloudApp
{
    protected override void Configure(Dictionary<string, string?> appSettings)
    {
        appSettings["CloudClient:AttemptTimeoutSeconds"] = "1";
        appSettings["CloudClient:MaxRetries"] = "8";
        appSettings["CloudClient:RetryDelayMilliseconds"] = "10";
        appSettings["CloudClient:MaxRetryDelaySeconds"] = "0.2";
    }

    public sealed record Installed(DevCloudInstall DevCloud, InstallRecord Record, CloudClient Client)
    {
        public string InstanceId => DevCloud.InstanceId;
        public string InstalledAppId => DevCloud.InstalledAppId;
    }

    public async Task<Installed> InstallAsync(params string[] scopes)
    {
        var install = await InstallLiveAsync(scopes);
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
