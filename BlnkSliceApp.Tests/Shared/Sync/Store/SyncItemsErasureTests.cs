using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Tests.Shared.Sync.Store;

/// <summary>Erasing an install's postings' descriptions, once or again.</summary>
public sealed class SyncItemsErasureTests(AppFactory app) : AppTests(app)
{
    [Fact]
    public async Task Erasing_an_install_twice_clears_the_descriptions_once_and_then_finds_nothing_left()
    {
        var install = await Client.CreateInstallAsync();
        var created = new DateTimeOffset(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);
        App.Service<AppDatabase>().Store(
            SyncedItems.Item(install.InstalledAppId, "charge", "USD", 100, LedgerRole.Stripe, LedgerRole.Unattributed, created),
            SyncedItems.Item(install.InstalledAppId, "charge", "USD", 200, LedgerRole.Stripe, LedgerRole.Unattributed, created, SyncItemState.Planned));
        var items = App.Service<SyncItems>();

        var first = items.EraseInstallData(install.InstalledAppId);
        var second = items.EraseInstallData(install.InstalledAppId);

        Assert.Equal(1, first);
        Assert.Equal(0, second);
    }
}
