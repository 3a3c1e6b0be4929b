using BlnkSliceApp.Shared.Cloud;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>
/// Serialises the events of one install, including the Cloud calls that prove them, so a key
/// check and the change it allows cannot interleave with another event for the same install.
/// </summary>
public sealed class InstallEventGate
{
    readonly KeyedLocks _locks = new();

    /// <summary>Cloud waits about 10 seconds for the callback: every key check of one event shares this much of it.</summary>
    public static readonly TimeSpan ProofBudget = TimeSpan.FromSeconds(7);

    public Task<IDisposable> EnterAsync(string installedAppId, CancellationToken ct) => _locks.AcquireAsync(installedAppId, ct);
}
