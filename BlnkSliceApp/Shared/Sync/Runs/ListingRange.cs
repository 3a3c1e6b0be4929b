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
    [LiteDB.BsonIgnore] public long UnreadSeconds => Done ? 0 : (CursorCreated ?? To - 1) - From + 1;

    /// <summary>
    /// Known to hold more than it has read: its last page was full. A part whose first page is
    /// still on its way may hold nothing, and one that gave half away since its last page may
    /// have given away all it had, so neither is split (again) until its next page is in.
    /// </summary>
    [LiteDB.BsonIgnore] public bool WorthSplitting => !Done && Cursor is not null && !SplitSincePage;

    [LiteDB.BsonIgnore] public bool SplitSincePage { get; set; }
}
