using BlnkSliceApp.Shared.Storage;

namespace BlnkSliceApp.Tests.Shared.Storage;

/// <summary>
/// LiteDB 5.0.20 corrupts its free-page list when transactions on different collections free
/// and allocate pages at once (litedb-org/LiteDB#2503); without one writer at a time this
/// fails within a second with "empty page must be defined as empty type".
/// </summary>
public sealed class ConcurrentWriterTests : IDisposable
{
    readonly string _directory = Directory.CreateTempSubdirectory("blnkslice-db-").FullName;
    public void Dispose() => Directory.Delete(_directory, recursive: true);

    sealed class Doc { public string Id { get; set; } = ""; public string Text { get; set; } = ""; public int N { get; set; } }

    [Fact]
    public async Task Writers_of_different_collections_freeing_and_allocating_pages_at_once_never_corrupt_the_database()
    {
        var path = Path.Combine(_directory, "x", "app.db");
        using var db = new AppDatabase(TemporaryDatabase.SettingsFor(path), DatabaseLock.Acquire(path));
        var deadline = DateTime.UtcNow.AddSeconds(3);
        var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
        var tasks = Enumerable.Range(0, 8).Select(t => Task.Run(() =>
        {
            var random = new Random(t);
            var i = 0;
            while (DateTime.UtcNow < deadline)
            {
                try
                {
                    var col = db.Collection<Doc>("c" + (t % 4));
                    if (t % 2 == 0)
                        db.InTransaction(() => { for (var k = 0; k < 20; k++) col.Upsert(new Doc { Id = $"{t}-{i++ % 500}", Text = new string('x', random.Next(10, 3000)) }); return 0; });
                    else
                    {
                        col.Upsert(new Doc { Id = $"{t}-{i++ % 500}", Text = new string('y', random.Next(10, 3000)) });
                        _ = col.FindById($"{t}-{random.Next(500)}");
                        if (random.Next(3) == 0) col.Delete($"{t}-{random.Next(500)}");
                        if (t == 7 && random.Next(10) == 0) db.Collection<Doc>("c3").DeleteAll();
                    }
                }
                catch (Exception e) { errors.Add(e); if (errors.Count > 5) return; }
            }
        })).ToArray();
        await Task.WhenAll(tasks);
        var written = Enumerable.Range(0, 4).Sum(c => db.Collection<Doc>("c" + c).Count());
        Assert.True(written > 0);
        Assert.True(errors.IsEmpty, string.Join("\n", errors.Take(3).Select(e => e.GetType().Name + ": " + e.Message)));
    }
}
