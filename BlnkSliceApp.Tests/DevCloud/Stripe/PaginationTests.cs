using Stripe;

namespace BlnkSliceApp.Tests.DevCloud.Stripe;

public sealed class PaginationTests : EmulatorTest
{
    [Fact]
    public async Task Auto_paging_visits_every_balance_transaction_once_newest_first()
    {
        var all = await AllBalanceTransactionsAsync();

        Assert.Equal(Emulator.Account.Counts.BalanceTransactions, all.Count);
        Assert.Equal(all.Count, all.Select(t => t.Id).Distinct().Count());
        Assert.True(all.Zip(all.Skip(1)).All(pair => pair.First.Created >= pair.Second.Created));
    }

    [Fact]
    public async Task Starting_after_continues_where_the_previous_page_ended_and_has_more_turns_false_at_the_end()
    {
        var service = Client().V1.Charges;
        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        while (true)
        {
            var page = await service.ListAsync(new ChargeListOptions { Limit = 100, StartingAfter = cursor });
            seen.AddRange(page.Data.Select(c => c.Id));
            pages++;
            if (!page.HasMore) break;
            Assert.Equal(100, page.Data.Count);
            cursor = page.Data[^1].Id;
        }

        Assert.True(pages >= 5);
        Assert.Equal(Emulator.Account.Counts.Charges, seen.Count);
        Assert.Equal(seen.Count, seen.Distinct().Count());
    }

    [Fact]
    public async Task Ending_before_pages_back_to_the_newer_objects_in_the_same_order()
    {
        var service = Client().V1.BalanceTransactions;
        var first = await service.ListAsync(new BalanceTransactionListOptions { Limit = 7 });
        var second = await service.ListAsync(new BalanceTransactionListOptions { Limit = 7, StartingAfter = first.Data[^1].Id });
        var back = await service.ListAsync(new BalanceTransactionListOptions { Limit = 7, EndingBefore = second.Data[0].Id });
        var top = await service.ListAsync(new BalanceTransactionListOptions { Limit = 3, EndingBefore = first.Data[3].Id });

        Assert.True(first.HasMore);
        Assert.Equal(first.Data.Select(t => t.Id), back.Data.Select(t => t.Id));
        Assert.False(back.HasMore); // nothing is newer than the first page
        Assert.Equal(first.Data.Take(3).Select(t => t.Id), top.Data.Select(t => t.Id));
        Assert.Equal("/v1/balance_transactions", first.Url);
    }

    [Fact]
    public async Task The_default_page_holds_ten_objects()
    {
        var page = await Client().V1.Customers.ListAsync();

        Assert.Equal(10, page.Data.Count);
        Assert.True(page.HasMore);
    }

    [Fact]
    public async Task Deleted_customers_are_left_out_of_lists_but_retrievable_as_deleted()
    {
        var deleted = Emulator.Account.Customers.First(c => c.Deleted);
        var listed = new List<Customer>();
        await foreach (var customer in Client().V1.Customers.ListAutoPagingAsync(new CustomerListOptions { Limit = 100 }))
            listed.Add(customer);

        var fetched = await Client().V1.Customers.GetAsync(deleted.Id);

        Assert.DoesNotContain(listed, c => c.Id == deleted.Id);
        Assert.Equal(Emulator.Account.Counts.Customers - Emulator.Account.Counts.DeletedCustomers, listed.Count);
        Assert.True(fetched.Deleted);
        Assert.Null(fetched.Email);
    }
}
