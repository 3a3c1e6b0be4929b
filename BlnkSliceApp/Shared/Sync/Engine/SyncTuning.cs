namespace BlnkSliceApp.Shared.Sync.Engine;

/// <summary>Sizes the engine works with; tests shrink the batch to reach more crash points.</summary>
public sealed class SyncTuning
{
    /// <summary>
    /// Transactions per bulk call: enough to keep calls few at 50 ms each, far below Core's
    /// 10,000. A batch, its JSON and its settling transaction are the posting phase's memory:
    /// 1,000 cost about 10 MB more at peak than 500 and saved no time.
    /// </summary>
    public int BatchSize { get; set; } = 500;
}
