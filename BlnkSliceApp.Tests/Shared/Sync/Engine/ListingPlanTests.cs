using BlnkSliceApp.Shared.Sync.Engine;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Tests.Shared.Sync.Engine;

public sealed class ListingPlanTests
{
    const long Day = 86_400;

    static SyncRunRecord Run(long from, long to) => new() { WindowFrom = from, WindowTo = to };

    [Fact]
    public void A_long_window_is_cut_into_as_many_adjoining_parts_as_listings_may_run_side_by_side()
    {
        var ranges = ListingPlan.Ranges(Run(1_000, 1_000 + 90 * Day + 7), concurrent: 5);

        Assert.Equal(5, ranges.Count);
        Assert.Equal(1_000, ranges[0].From);
        Assert.Equal(1_000 + 90 * Day + 7, ranges[^1].To);
        for (var i = 1; i < ranges.Count; i++)
            Assert.Equal(ranges[i - 1].To, ranges[i].From);
        Assert.All(ranges, range => Assert.True(range is { Done: false, Cursor: null }));
    }

    [Fact]
    public void An_incremental_window_stays_one_part()
    {
        var ranges = ListingPlan.Ranges(Run(5_000, 5_000 + 3_600), concurrent: 5);

        var only = Assert.Single(ranges);
        Assert.Equal((5_000L, 5_000L + 3_600), (only.From, only.To));
    }

    [Fact]
    public void A_run_resumed_from_a_one_part_listing_continues_that_part_from_its_cursor()
    {
        var run = Run(0, 90 * Day);
        run.ListingCursor = "txn_last";

        var only = Assert.Single(ListingPlan.Ranges(run, concurrent: 5));
        Assert.Equal("txn_last", only.Cursor);
        Assert.Equal((0L, 90 * Day), (only.From, only.To));
    }

    [Fact]
    public void A_finished_part_takes_over_the_older_half_of_what_the_part_with_most_left_has_not_read()
    {
        var run = Run(0, 30 * Day);
        run.Ranges =
        [
            new ListingRange { From = 0, To = 10 * Day, Done = true, Cursor = "txn_a", CursorCreated = 5 },
            new ListingRange { From = 10 * Day, To = 20 * Day, Cursor = "txn_b", CursorCreated = 19 * Day },
            new ListingRange { From = 20 * Day, To = 30 * Day, Cursor = "txn_c", CursorCreated = 29 * Day },
        ];

        var taken = ListingPlan.TakeOver(run);

        Assert.NotNull(taken);
        var widest = run.Ranges[1];
        Assert.Equal(10 * Day, taken.From);
        Assert.Equal(widest.From, taken.To);
        // Everything the part read (down to its cursor) stays above the half it gave away.
        Assert.True(taken.To > taken.From && taken.To <= widest.CursorCreated);
        Assert.Equal("txn_b", widest.Cursor);
        Assert.Equal(4, run.Ranges.Count);
    }

    [Fact]
    public void A_part_whose_first_page_is_on_its_way_or_that_gave_half_away_since_its_last_page_is_not_split()
    {
        var run = Run(0, 30 * Day);
        run.Ranges = [new ListingRange { From = 0, To = 30 * Day }];

        Assert.Null(ListingPlan.TakeOver(run));

        run.Ranges[0].Cursor = "txn";
        run.Ranges[0].CursorCreated = 29 * Day;
        Assert.NotNull(ListingPlan.TakeOver(run));
        Assert.Null(ListingPlan.TakeOver(run));
    }

    [Fact]
    public void A_finished_listing_resumed_from_a_one_part_version_has_nothing_left_to_read()
    {
        var run = Run(0, 90 * Day);
        run.ListingDone = true;

        Assert.Empty(ListingPlan.Ranges(run, concurrent: 5));
    }

    [Fact]
    public void An_incremental_window_is_never_split()
    {
        var run = Run(0, 20 * 3_600);
        run.Ranges = [new ListingRange { From = 0, To = 20 * 3_600, Cursor = "txn", CursorCreated = 19 * 3_600 }];

        Assert.Null(ListingPlan.TakeOver(run));
    }

    [Fact]
    public void No_part_is_split_below_two_hours_left()
    {
        var nearlyRead = Run(0, 30 * Day);
        nearlyRead.Ranges =
        [
            new ListingRange { From = 0, To = Day, Done = true },
            new ListingRange { From = Day, To = 2 * Day, Cursor = "txn_b", CursorCreated = Day + 7_000 },
        ];

        Assert.Null(ListingPlan.TakeOver(nearlyRead));
    }
}
