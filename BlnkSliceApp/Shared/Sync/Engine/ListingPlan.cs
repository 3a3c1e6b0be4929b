using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Shared.Sync.Engine;

/// <summary>
/// How a run's window is cut into parts listed side by side. Where an account's transactions
/// lie in time is not known before reading them, so a long window starts as equal parts, and
/// whenever fewer parts are being read than the budget allows (one finished, or the others were
/// empty), the part with the most left to read gives its older half to a new one: a busy month
/// beside quiet ones is shared out instead of read by one listing alone. Incremental windows
/// stay one part.
/// </summary>
public static class ListingPlan
{
    /// <summary>Windows shorter than this are one part: an incremental run reads minutes, a page or two.</summary>
    public static readonly TimeSpan PartitionFrom = TimeSpan.FromDays(1);

    /// <summary>A part with less than twice this left to read is not split further.</summary>
    public static readonly TimeSpan SmallestPart = TimeSpan.FromHours(1);

    public static List<ListingRange> Ranges(SyncRunRecord run, int concurrent)
    {
        // A run resumed from a version that listed the window as one part continues that part.
        if (run.ListingDone)
            return [];
        if (run.ListingCursor is not null)
            return [new ListingRange { From = run.WindowFrom, To = run.WindowTo, Cursor = run.ListingCursor }];
        var span = run.WindowTo - run.WindowFrom;
        var parts = span < (long)PartitionFrom.TotalSeconds ? 1 : Math.Max(1, concurrent);
        var ranges = new List<ListingRange>(parts);
        for (var i = 0; i < parts; i++)
            ranges.Add(new ListingRange
            {
                From = run.WindowFrom + span * i / parts,
                To = i == parts - 1 ? run.WindowTo : run.WindowFrom + span * (i + 1) / parts,
            });
        return ranges;
    }

    /// <summary>
    /// Gives the older half of the unread seconds of the part with the most left (of those known
    /// to hold more, see <see cref="ListingRange.WorthSplitting"/>) to a new part,
    /// which is added to the run (to be stored) and returned; null when no part is worth it.
    /// The part that gives it keeps reading from its cursor, now only down to the half's end.
    /// </summary>
    public static ListingRange? TakeOver(SyncRunRecord run)
    {
        if (run.Ranges is not { } ranges || run.WindowTo - run.WindowFrom < (long)PartitionFrom.TotalSeconds)
            return null;
        var widest = ranges.Where(range => range.WorthSplitting).MaxBy(range => range.UnreadSeconds);
        if (widest is null || widest.UnreadSeconds < 2 * (long)SmallestPart.TotalSeconds)
            return null;
        // What is left lies in [From, newest unread]; the half is cut below that, so nothing read is in it.
        var middle = widest.From + widest.UnreadSeconds / 2;
        var taken = new ListingRange { From = widest.From, To = middle };
        widest.From = middle;
        widest.SplitSincePage = true;
        ranges.Add(taken);
        return taken;
    }
}
