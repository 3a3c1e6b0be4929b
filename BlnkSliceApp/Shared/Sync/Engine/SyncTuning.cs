namespace BlnkSliceApp.Shared.Sync.Engine;

/// <summary>Sizes the engine works with; tests shrink the batch to reach more crash points.</summary>
public sealed class SyncTuning
{
    /// <summary>Transactions per bulk call: large enough to keep calls few at 50 ms each, far below Core's 10,000.</summary>
    public int BatchSize { get; set; } = 1000;
}
