using BlnkSliceApp.Shared.Sync.Engine;

namespace BlnkSliceApp.Tests.Shared.Sync.Engine;

public sealed class ChargeMemoryTests
{
    static List<(string, string?)> Page(int from, int count) =>
        Enumerable.Range(from, count).Select(i => ($"ch_{i}", i % 3 == 0 ? null : (string?)$"cus_{i % 50}")).ToList();

    [Fact]
    public void Remembered_charges_answer_with_their_customer_or_with_none()
    {
        var memory = new ChargeMemory();
        memory.Keep(Page(0, 4));

        Assert.True(memory.TryGet("ch_1", out var customer));
        Assert.Equal("cus_1", customer);
        Assert.True(memory.TryGet("ch_3", out var none));
        Assert.Null(none);
        Assert.False(memory.TryGet("ch_99", out _));
    }

    [Fact]
    public void A_long_backfill_never_keeps_more_than_the_limit_and_keeps_the_latest_page_whole()
    {
        var memory = new ChargeMemory();
        for (var page = 0; page < 250; page++)
        {
            memory.Keep(Page(page * 100, 100));
            Assert.InRange(memory.Count, 100, ChargeMemory.Limit);
        }

        Assert.All(Page(249 * 100, 100), charge => Assert.True(memory.TryGet(charge.Item1, out _)));
        Assert.False(memory.TryGet("ch_0", out _));
    }
}
