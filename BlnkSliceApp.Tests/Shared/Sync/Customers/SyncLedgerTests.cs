using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Customers;
using BlnkSliceApp.Tests.Shared.Cloud;

namespace BlnkSliceApp.Tests.Shared.Sync.Customers;

public sealed class SyncLedgerTests(CloudHarness harness) : IClassFixture<CloudHarness>
{
    SyncLedger Ledgers => harness.Service<SyncLedger>();

    int SyncLedgersIn(CloudHarness.Installed install) =>
        harness.Ledger(install).Snapshot(DataResource.Ledgers).Count(l => (string?)l["name"] == SyncLedger.LedgerName);

    [Fact]
    public async Task The_Stripe_Sync_ledger_is_created_once_and_then_known_without_a_call()
    {
        var install = await harness.InstallAsync();

        var first = await Ledgers.EnsureAsync(install.Client, CancellationToken.None);
        var calls = harness.CallsOf(install).Count;
        var second = await Ledgers.EnsureAsync(install.Client, CancellationToken.None);

        Assert.Equal(first, second);
        Assert.Equal(calls, harness.CallsOf(install).Count);
        Assert.Equal(1, SyncLedgersIn(install));
        Assert.Equal(install.InstalledAppId, (string?)harness.Ledger(install).GetLedger(first)["meta_data"]!["stripe_sync"]!["installed_app_id"]);
    }

    [Fact]
    public async Task With_its_local_record_lost_the_ledger_is_found_again_not_created_twice()
    {
        var install = await harness.InstallAsync();
        var first = await Ledgers.EnsureAsync(install.Client, CancellationToken.None);
        harness.Service<AppDatabase>().Collection<SyncLedgerRecord>(SyncLedgerRecord.Collection).Delete(install.InstalledAppId);

        var again = await Ledgers.EnsureAsync(install.Client, CancellationToken.None);

        Assert.Equal(first, again);
        Assert.Equal(1, SyncLedgersIn(install));
    }

    [Fact]
    public async Task Concurrent_first_calls_create_one_ledger()
    {
        var install = await harness.InstallAsync();

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Ledgers.EnsureAsync(install.Client, CancellationToken.None)));

        Assert.Single(ids.Distinct());
        Assert.Equal(1, SyncLedgersIn(install));
    }
}
