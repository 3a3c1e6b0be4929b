using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Storage;

namespace BlnkSliceApp.Tests.Shared.Storage;

/// <summary>One process per database, with a short grace for a holder that is exiting.</summary>
public sealed class DatabaseLockTests : IDisposable
{
    readonly string _folder = Directory.CreateTempSubdirectory("blnkslice-lock-").FullName;

    string DatabasePath => Path.Combine(_folder, "blnkslice.db");

    [Fact]
    public async Task A_database_its_holder_releases_within_the_grace_is_opened()
    {
        var holder = DatabaseLock.Acquire(DatabasePath);
        var released = Task.Run(async () =>
        {
            await Task.Delay(TimeSpan.FromMilliseconds(300));
            holder.Dispose();
        });

        using var second = DatabaseLock.Acquire(DatabasePath);

        await released;
        Assert.EndsWith(".lock", second.Path);
    }

    [Fact]
    public void A_database_held_past_the_grace_is_refused_with_a_readable_reason()
    {
        using var holder = DatabaseLock.Acquire(DatabasePath);

        var refused = Assert.Throws<ConfigurationError>(() => DatabaseLock.Acquire(DatabasePath));

        Assert.Contains("in use by another BlnkSliceApp process", refused.Message);
    }

    public void Dispose()
    {
        try { Directory.Delete(_folder, recursive: true); } catch (IOException) { }
    }
}
