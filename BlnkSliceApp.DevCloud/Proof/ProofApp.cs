using System.Security.Cryptography;
using BlnkSliceApp.DevCloud.Bench;
using BlnkSliceApp.DevCloud.Hosting;

namespace BlnkSliceApp.DevCloud.Proof;

/// <summary>
/// The app as a child process over one database and address, killed and started again as often
/// as a proof needs: its secrets stay the same across restarts, as a container's would.
/// </summary>
sealed class ProofApp(string appDll, DevCloudHandle devCloud) : IAsyncDisposable
{
    readonly Dictionary<string, string> _environment = new(AppProcess.EnvironmentFor(devCloud, Path.Combine(devCloud.DataDirectory, "proof.db")))
    {
        ["SESSION_SECRET"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(48)),
        ["ENCRYPTION_KEY"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        // Retries a faulty Cloud needs, at a pace that keeps a proof short.
        ["CloudClient__RetryDelayMilliseconds"] = "100",
        ["CloudClient__MaxRetryDelaySeconds"] = "2",
        ["CloudClient__AttemptTimeoutSeconds"] = "10",
    };

    public AppProcess Process { get; private set; } = null!;
    public string DatabasePath => _environment["DATABASE_PATH"];
    public int Starts { get; private set; }

    /// <summary>Starts the app (after SIGKILLing a running one), armed to kill itself at <paramref name="killAt"/> when given, and waits for /ready.</summary>
    public async Task StartAsync(string? killAt = null, IReadOnlyDictionary<string, string>? extra = null)
    {
        if (Process is not null)
        {
            await Process.KillAsync();
            await Process.DisposeAsync();
        }
        var environment = new Dictionary<string, string>(_environment);
        if (killAt is not null)
            environment[Shared.Sync.Engine.SyncCrashPoints.KillAtVariable] = killAt;
        foreach (var (name, value) in extra ?? new Dictionary<string, string>())
            environment[name] = value;
        Process = AppProcess.Start(appDll, environment);
        Starts++;
        await Process.WaitReadyAsync(devCloud.AppUrl);
    }

    /// <summary>Opens the portal of an install as Cloud's dashboard would.</summary>
    public async Task<PortalDriver> PortalAsync(string installedAppId)
    {
        var launch = await devCloud.LaunchAsync(installedAppId);
        return await PortalDriver.EnterAsync(launch.PortalUrl ?? throw new InvalidOperationException($"launch failed: {launch.Error}"));
    }

    /// <summary>Waits for the latest run of the install to end; one that did not succeed (a fault outlasted its retries) is followed by "Sync now", a few times.</summary>
    public async Task<SyncPanel> SyncToSuccessAsync(string installedAppId, bool pressSyncNow, int attempts = 5) =>
        (await SyncCountingRunsAsync(installedAppId, pressSyncNow, attempts)).Panel;

    /// <summary>As <see cref="SyncToSuccessAsync"/>, with the number of runs it took.</summary>
    public async Task<(SyncPanel Panel, int Runs)> SyncCountingRunsAsync(string installedAppId, bool pressSyncNow, int attempts = 5)
    {
        var portal = await PortalAsync(installedAppId);
        if (pressSyncNow)
            await portal.SyncNowAsync();
        var panel = await portal.WaitForEndAsync(TimeSpan.FromMilliseconds(100));
        var runs = 1;
        for (; panel.Status != "Succeeded" && runs < attempts; runs++)
        {
            await portal.SyncNowAsync();
            panel = await portal.WaitForEndAsync(TimeSpan.FromMilliseconds(100));
        }
        return (panel, runs);
    }

    public async ValueTask DisposeAsync()
    {
        if (Process is not null)
            await Process.DisposeAsync();
    }
}
