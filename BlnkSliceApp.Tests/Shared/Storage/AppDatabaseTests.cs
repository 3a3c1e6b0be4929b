using BlnkSliceApp.Shared.Storage;

namespace BlnkSliceApp.Tests.Shared.Storage;

public sealed class AppDatabaseTests : IDisposable
{
    readonly string _directory = Directory.CreateTempSubdirectory("blnkslice-db-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    AppDatabase Open(string folder) => new(TemporaryDatabase.SettingsFor(PathOf(folder)), DatabaseLock.Acquire(PathOf(folder)));

    string PathOf(string folder) => Path.Combine(_directory, folder, "app.db");

    /// <summary>The files as a process killed at this instant leaves them: copied while the database is still open.</summary>
    void CopyFilesAsACrashLeavesThem(string from, string to)
    {
        Directory.CreateDirectory(Path.Combine(_directory, to));
        // The lock is the live process's: a restarted one takes its own.
        foreach (var file in Directory.GetFiles(Path.Combine(_directory, from)).Where(file => !file.EndsWith(".lock", StringComparison.Ordinal)))
            File.Copy(file, Path.Combine(_directory, to, Path.GetFileName(file)));
    }

    [Fact]
    public void Everything_written_before_a_transaction_returns_is_found_after_a_crash()
    {
        using (var database = Open("live"))
        {
            var notes = database.Collection<Note>("notes");
            notes.Upsert(new Note { Id = 1_000, Text = "alone" });
            database.InTransaction(() =>
            {
                for (var i = 1; i <= 500; i++)
                    notes.Insert(new Note { Id = i, Text = new string('x', 300) });
                return 0;
            });

            CopyFilesAsACrashLeavesThem("live", "after-crash");
        }

        using var reopened = Open("after-crash");
        var found = reopened.Collection<Note>("notes");
        Assert.Equal(501, found.Count());
        Assert.Equal("alone", found.FindById(1_000).Text);
    }

    [Fact]
    public void A_failed_transaction_leaves_nothing_behind()
    {
        using var database = Open("rollback");
        var notes = database.Collection<Note>("notes");

        Assert.Throws<InvalidOperationException>(() => database.InTransaction<int>(() =>
        {
            notes.Insert(new Note { Id = 1, Text = "half" });
            throw new InvalidOperationException("stop");
        }));

        Assert.Equal(0, notes.Count());
    }

    [Fact]
    public async Task Concurrent_writes_committed_together_all_land()
    {
        using var database = Open("group");
        var commits = new GroupCommit(database);
        var notes = database.Collection<Note>("notes");

        await Task.WhenAll(Enumerable.Range(1, 200).Select(i =>
            Task.Run(() => commits.WriteAsync(() => notes.Insert(new Note { Id = i, Text = $"note {i}" })))));

        Assert.Equal(200, notes.Count());
    }

    [Fact]
    public async Task A_failing_write_fails_alone_and_the_writes_committed_with_it_still_land()
    {
        using var database = Open("group-failure");
        var commits = new GroupCommit(database);
        var notes = database.Collection<Note>("notes");
        notes.Insert(new Note { Id = 7, Text = "already there" });

        var writes = Enumerable.Range(1, 20)
            .Select(i => Task.Run(() => commits.WriteAsync(() => notes.Insert(new Note { Id = i, Text = $"note {i}" }))))
            .ToList();

        var duplicate = await Assert.ThrowsAnyAsync<Exception>(() => writes[6]);
        Assert.Contains("duplicate", duplicate.Message, StringComparison.OrdinalIgnoreCase);
        await Task.WhenAll(writes.Where((_, index) => index != 6));
        Assert.Equal(20, notes.Count());
        Assert.Equal("already there", notes.FindById(7).Text);
    }

    sealed class Note
    {
        public int Id { get; set; }
        public string Text { get; set; } = "";
    }
}
