using BlnkSliceApp.Shared.Crypto;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Tests.Shared.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace BlnkSliceApp.Tests.Shared.Installs;

/// <summary>
/// Installs read by id are kept in memory; what is asserted is that a kept copy is never older
/// than the file, never holds a write that was not committed, and cannot be changed by a caller.
/// </summary>
public sealed class InstallDirectoryTests : IDisposable
{
    readonly TemporaryDatabase _temporary = new("installs");
    readonly InstallDirectory _installs;

    public InstallDirectoryTests()
    {
        _installs = new InstallDirectory(Database, new SecretBox(_temporary.Settings), NullLogger<InstallDirectory>.Instance);
        Records.Insert(Install("instapp_kept", generation: 1));
    }

    AppDatabase Database => _temporary.Database;

    public void Dispose() => _temporary.Dispose();

    LiteDB.ILiteCollection<InstallRecord> Records => Database.Collection<InstallRecord>(InstallRecord.Collection);

    static InstallRecord Install(string id, int generation) => new()
    {
        InstalledAppId = id, AppId = "app_stripesync", InstanceId = "inst_1", Status = InstallStatus.Active, Generation = generation,
        ApiKey = new SealedSecret { KeyId = "k1", Payload = [1, 2, 3] }, GrantedPermissions = ["data:read"],
    };

    [Fact]
    public void A_write_to_an_install_is_seen_by_the_next_read()
    {
        Assert.Equal(1, _installs.Find("instapp_kept")!.Generation);

        Records.Update(Install("instapp_kept", generation: 2));
        Assert.Equal(2, _installs.Find("instapp_kept")!.Generation);

        Database.InTransaction(() => Records.Update(Install("instapp_kept", generation: 3)));
        Assert.Equal(3, _installs.Find("instapp_kept")!.Generation);

        Records.Delete("instapp_kept");
        Assert.Null(_installs.Find("instapp_kept"));

        Records.Insert(Install("instapp_kept", generation: 4));
        Assert.Equal(4, _installs.Find("instapp_kept")!.Generation);
    }

    [Fact]
    public async Task A_write_still_open_is_never_served_and_one_rolled_back_never_at_all()
    {
        Assert.Equal(1, _installs.Find("instapp_kept")!.Generation);
        using var written = new ManualResetEventSlim();
        using var mayEnd = new ManualResetEventSlim();

        var rolledBack = Task.Run(() => Assert.Throws<InvalidOperationException>(() => Database.InTransaction<int>(() =>
        {
            Records.Update(Install("instapp_kept", generation: 9));
            // The writer itself reads its own write, as LiteDB shows it inside its transaction.
            Assert.Equal(9, _installs.Find("instapp_kept")!.Generation);
            written.Set();
            mayEnd.Wait();
            throw new InvalidOperationException("rolled back");
        })));
        written.Wait();
        Assert.Equal(1, _installs.Find("instapp_kept")!.Generation);
        mayEnd.Set();
        await rolledBack;

        Assert.Equal(1, _installs.Find("instapp_kept")!.Generation);
    }

    [Fact]
    public void A_copy_changed_by_its_caller_leaves_the_next_reader_the_stored_install()
    {
        var first = _installs.Find("instapp_kept")!;
        first.Generation = 42;
        first.GrantedPermissions.Add("alerts:write");
        first.ApiKey!.Payload[0] = 99;

        var next = _installs.Find("instapp_kept")!;
        Assert.Equal(1, next.Generation);
        Assert.Equal(["data:read"], next.GrantedPermissions);
        Assert.Equal([1, 2, 3], next.ApiKey!.Payload);
    }
}
