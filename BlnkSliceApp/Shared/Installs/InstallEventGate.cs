using BlnkSliceApp.Shared.Cloud;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>
/// Serialises the events of one install, including the Cloud calls that prove them, so a key
/// check and the change it allows cannot interleave with another event for the same install.
/// </summary>
public sealed class InstallEventGate
{
    readonly KeyedLocks _locks = new();

    /// <summary>
    /// Cloud waits about 10 seconds for the callback: waiting for the install's turn and every key
    /// check of one event share this much of it, counted from the event's arrival.
    /// </summary>
    public static readonly TimeSpan EventBudget = TimeSpan.FromSeconds(7);

    /// <summary>At most this long in the queue behind another event for the same install; then 503 (Cloud sends it again).</summary>
    public static readonly TimeSpan QueueLimit = TimeSpan.FromSeconds(4);

    /// <summary>The install's turn, or null when another event holds it for too long.</summary>
    public async Task<IDisposable?> TryEnterAsync(string installedAppId, CancellationToken ct)
    {
        using var queue = CancellationTokenSource.CreateLinkedTokenSource(ct);
        queue.CancelAfter(QueueLimit);
        try
        {
            return await _locks.AcquireAsync(installedAppId, queue.Token);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>No time limit: background work that must not give up (an erasure), never a Cloud event.</summary>
    public Task<IDisposable> EnterAsync(string installedAppId, CancellationToken ct) => _locks.AcquireAsync(installedAppId, ct);

    public static EventRefusedException Busy() => new(StatusCodes.Status503ServiceUnavailable,
        "Another event for this install is being handled; nothing changed. Send the event again.");
}
