using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Tests.Shared.Sync.Store;

/// <summary>Finding many postings by id at once.</summary>
public sealed class SyncItemsLookupTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Finding_many_ids_returns_the_recorded_ones_in_the_order_asked_and_skips_the_rest()
    {
        var install = await Client.CreateInstallAsync();
        var created = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
        var stored = Enumerable.Range(0, 1200)
            .Select(i => SyncedItems.Item(install.InstalledAppId, "charge", "USD", 100 + i, LedgerRole.Stripe, LedgerRole.Unattributed, created.AddSeconds(i)))
            .ToArray();
        App.Service<AppDatabase>().Store(stored);
        var items = App.Service<SyncItems>();
        var asked = stored.Select(item => item.Id).Reverse().Where((_, i) => i % 3 == 0)
            .Concat([SyncItemRecord.IdFor(install.InstalledAppId, "stripe:txn_missing")])
            .ToList();

        var found = items.Find(asked);

        Assert.Equal(asked.SkipLast(1), found.Select(item => item.Id));
        Assert.Equal(stored.Single(item => item.Id == asked[0]).PreciseAmount, found[0].PreciseAmount);
    }

    [Fact]
    public void A_look_up_of_many_ids_seeks_the_primary_key_instead_of_reading_the_collection()
    {
        var plan = App.Service<AppDatabase>().Collection<SyncItemRecord>(SyncItemRecord.Collection)
            .Query().Where(PrimaryKey.AnyOf(["a|stripe:txn_1", "a|stripe:txn_2"])).GetPlan();

        Assert.Equal("_id", plan["index"]["name"].AsString);
        Assert.DoesNotContain("FULL", plan["index"]["expr"].ToString(), StringComparison.OrdinalIgnoreCase);
    }
}
