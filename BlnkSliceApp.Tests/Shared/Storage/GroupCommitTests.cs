using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Storage;

namespace BlnkSliceApp.Tests.Shared.Storage;

/// <summary>
/// Writes that arrive while a commit is under way are committed together after it. A first
/// write holds the commit while the others are sent, so they are all in one batch.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    readonly string _directory = Directory.CreateTempSubdirectory("blnkslice-group-").FullName;
    readonly AppDatabase _database;
    readonly GroupCommit _commits;

    public GroupCommitTests()
    {
        var path = Path.Combine(_directory, "app.db");
        _database = new AppDatabase(new AppSettings
        {
            PublicBaseUrl = new Uri("http://localhost"), DatabasePath = path, SessionSecret = new byte[32], EncryptionKey = new byte[32],
            FrameAncestors = "'self'", PortalSessionMinutes = 30, CloudAllowedIps = [], TrustedProxies = [],
            BlnkCloudApiUrl = new Uri("http://localhost"), StripeApiBase = new Uri("http://localhost"), SyncIntervalMinutes = 0, SyncBackfillDays = 90,
        }, DatabaseLock.Acquire(path));
        _commits = new GroupCommit(_database);
    }

    public void Dispose()
    {
        _database.Dispose();
        Directory.Delete(_directory, recursive: true);
    }

    LiteDB.ILiteCollection<Note> Notes => _database.Collection<Note>("notes");

    [Fact]
    public async Task Each_write_of_a_batch_gets_its_own_result()
    {
        var batch = await InOneBatchAsync(Enumerable.Range(1, 10).Select(i => (Func<int>)(() =>
        {
            Notes.Insert(new Note { Id = i });
            return i * 10;
        })).ToList());

        Assert.Equal(Enumerable.Range(1, 10).Select(i => i * 10), batch);
        Assert.Equal(11, Notes.Count());
    }

    [Fact]
    public async Task A_storage_failure_fails_every_write_of_its_batch_and_leaves_none_of_them()
    {
        var (held, batch) = Hold<LiteDB.BsonValue>(
        [
            () => Notes.Insert(new Note { Id = 1 }),
            () => throw new IOException("No space left on device"),
            () => Notes.Insert(new Note { Id = 3 }),
        ]);
        await held;

        foreach (var write in batch)
            await Assert.ThrowsAsync<IOException>(() => write);
        Assert.Null(Notes.FindById(1));
        Assert.Null(Notes.FindById(3));
    }

    async Task<int[]> InOneBatchAsync(IReadOnlyList<Func<int>> writes)
    {
        var (held, batch) = Hold(writes);
        await held;
        return await Task.WhenAll(batch);
    }

    /// <summary>A first write holds the commit while <paramref name="writes"/> are sent; they are committed as one batch after it.</summary>
    (Task Held, List<Task<T>> Batch) Hold<T>(IReadOnlyList<Func<T>> writes)
    {
        using var entered = new ManualResetEventSlim();
        var release = new ManualResetEventSlim();
        var held = Task.Run(() => _commits.WriteAsync(() =>
        {
            Notes.Insert(new Note { Id = 1_000 });
            entered.Set();
            release.Wait();
        }));
        entered.Wait();
        var batch = writes.Select(write => _commits.WriteAsync(write)).ToList();
        Assert.All(batch, write => Assert.False(write.IsCompleted));
        release.Set();
        _ = held.ContinueWith(_ => release.Dispose(), TaskScheduler.Default);
        return (held, batch);
    }

    sealed class Note
    {
        public int Id { get; set; }
    }
}
