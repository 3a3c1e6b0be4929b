namespace BlnkSliceApp.Shared.Sync.Runs;

/// <summary>
/// One part [From, To) (Stripe "created", Unix seconds) of a run's window, listed newest first
/// on its own beside the others. Stored in the run with the page it last recorded, in that
/// page's transaction, so after a crash each part continues from its own last page.
/// </summary>
public sealed class ListingRange
{
    public long From { get; set; }
    public long To { get; set; }

    /// <summary>The last balance transaction recorded: the next page starts after it. Null before the first page.</summary>
    public string? Cursor { get; set; }

    /// <summary>When <see cref="Cursor"/> was created: what is left to read lies in [From, CursorCreated].</summary>
    public long? CursorCreated { get; set; }

    public bool Done { get; set; }

    /// <summary>The seconds still to read; a finished part takes over half of the widest one.</summary>
    public long UnreadSeconds => Done ? 0 : (CursorCreated ?? To - 1) - From + 1;
}
