using BlnkSliceApp.Shared.Storage;

namespace BlnkSliceApp.Tests.Shared.Storage;

/// <summary>
/// Writes that arrive while a commit is under way are committed together after it. A first
/// write holds the commit while the others are sent, so they are all in one batch.
/// </summary>
public sealed class GroupCommitTests : IDisposable
{
    readonly TemporaryDatabase _temporary = new("group");
    readonly GroupCommit _commits;

    public GroupCommitTests() => _commits = new GroupCommit(Database);

    AppDatabase Database => _temporary.Database;

    public void Dispose() => _temporary.Dispose();

    LiteDB.ILiteCollection<Note> Notes => Database.Collection<Note>("notes");

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
