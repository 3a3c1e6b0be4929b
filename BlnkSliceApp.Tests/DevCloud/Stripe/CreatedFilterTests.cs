using Stripe;

namespace BlnkSliceApp.Tests.DevCloud.Stripe;

public sealed class CreatedFilterTests : EmulatorTest
{
    [Fact]
    public async Task A_created_range_returns_exactly_the_objects_inside_it()
    {
        var from = Emulator.Account.Anchor - 60 * 86_400;
        var to = Emulator.Account.Anchor - 30 * 86_400;
        var expected = Emulator.Account.BalanceTransactions.Where(t => t.Created >= from && t.Created < to).Select(t => t.Id).ToHashSet();

        var got = await AllBalanceTransactionsAsync(new BalanceTransactionListOptions
        {
            Limit = 100,
            Created = new DateRangeOptions { GreaterThanOrEqual = At(from), LessThan = At(to) },
        });

        Assert.NotEmpty(expected);
        Assert.Equal(expected, got.Select(t => t.Id).ToHashSet());
        Assert.All(got, t => Assert.InRange(Unix(t.Created), from, to - 1));
    }

    [Fact]
    public async Task Created_greater_than_excludes_the_boundary_second()
    {
        var boundary = Emulator.Account.PaymentIntents[^10].Created;
        var expected = Emulator.Account.PaymentIntents.Count(p => p.Created > boundary);

        var page = await Client().V1.PaymentIntents.ListAsync(new PaymentIntentListOptions
        {
            Limit = 100,
            Created = new DateRangeOptions { GreaterThan = At(boundary) },
        });

        Assert.Equal(expected, page.Data.Count);
        Assert.All(page.Data, p => Assert.True(Unix(p.Created) > boundary));
    }

    [Fact]
    public async Task A_bare_created_timestamp_matches_that_second_only()
    {
        var target = Emulator.Account.Refunds[3];

        using var http = RawClient();
        var json = await http.GetStringAsync($"/v1/refunds?created={target.Created}");

        Assert.Contains(target.Id, json);
        var expected = Emulator.Account.Refunds.Count(r => r.Created == target.Created);
        Assert.Equal(expected, System.Text.Json.JsonDocument.Parse(json).RootElement.GetProperty("data").GetArrayLength());
    }

    [Fact]
    public async Task The_seeded_history_reaches_back_beyond_a_ninety_day_backfill()
    {
        var ninetyDaysAgo = Emulator.Account.Anchor - 90 * 86_400;

        var older = await Client().V1.BalanceTransactions.ListAsync(new BalanceTransactionListOptions
        {
            Created = new DateRangeOptions { LessThan = At(ninetyDaysAgo) },
        });
        var newer = await Client().V1.BalanceTransactions.ListAsync(new BalanceTransactionListOptions
        {
            Created = new DateRangeOptions { GreaterThanOrEqual = At(ninetyDaysAgo) },
        });

        Assert.NotEmpty(older.Data);
        Assert.NotEmpty(newer.Data);
        Assert.All(Emulator.Account.BalanceTransactions, t => Assert.True(t.Created > Emulator.Account.Anchor - 121 * 86_400));
    }

    [Fact]
    public async Task New_activity_appears_in_a_created_greater_than_query()
    {
        var lastSynced = Emulator.Account.BalanceTransactions.Max(t => t.Created);

        var added = Emulator.Account.AddActivity(new() { Payments = 3, Refunds = 1, Payouts = 1 });
        var page = await Client().V1.BalanceTransactions.ListAsync(new BalanceTransactionListOptions
        {
            Limit = 100,
            Created = new DateRangeOptions { GreaterThan = At(lastSynced) },
        });

        Assert.Equal(3, added.ChargeIds.Count);
        Assert.Single(added.RefundIds);
        Assert.Single(added.PayoutIds);
        Assert.Equal(added.BalanceTransactionIds.ToHashSet(), page.Data.Select(t => t.Id).ToHashSet());
        Assert.Contains(page.Data, t => t.Type == "payout");
        Assert.Contains(page.Data, t => t.ReportingCategory == "refund");
    }
}
