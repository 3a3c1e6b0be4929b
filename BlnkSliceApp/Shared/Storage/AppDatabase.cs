using BlnkSliceApp.Shared.Configuration;
using LiteDB;

namespace BlnkSliceApp.Shared.Storage;

/// <summary>
/// The process's one LiteDB file, opened with a direct connection. LiteDB calls are
/// synchronous and short; callers never hold a transaction across an await.
/// </summary>
public sealed class AppDatabase : IDisposable
{
    public LiteDatabase Db { get; }

    public AppDatabase(AppSettings settings)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(settings.DatabasePath));
        if (!string.IsNullOrEmpty(directory))
            Directory.CreateDirectory(directory);

        var mapper = new BsonMapper { EnumAsInteger = false };
        Db = new LiteDatabase(new ConnectionString
        {
            Filename = settings.DatabasePath,
            Connection = ConnectionType.Direct,
        }, mapper);
    }

    public ILiteCollection<T> Collection<T>(string name) => Db.GetCollection<T>(name);

    /// <summary>Runs <paramref name="work"/> in one LiteDB transaction on this thread; no awaits inside.</summary>
    public T InTransaction<T>(Func<T> work)
    {
        Db.BeginTrans();
        try
        {
            var result = work();
            Db.Commit();
            return result;
        }
        catch
        {
            Db.Rollback();
            throw;
        }
    }

    long _writableUntil;

    /// <summary>
    /// True when a write reaches the file: what /ready reports. A success is trusted for five
    /// seconds, so a flood of anonymous probes does not turn into a flood of writes.
    /// </summary>
    public bool CanWrite()
    {
        if (Environment.TickCount64 < Interlocked.Read(ref _writableUntil))
            return true;
        try
        {
            var probes = Db.GetCollection<ReadinessProbe>("readiness");
            probes.Upsert(new ReadinessProbe { Id = 1, At = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
            Interlocked.Exchange(ref _writableUntil, Environment.TickCount64 + 5_000);
            return true;
        }
        catch (Exception)
        {
            return false;
        }
    }

    public void Dispose() => Db.Dispose();

    sealed class ReadinessProbe
    {
        public int Id { get; set; }
        public long At { get; set; }
    }
}

/// <summary>
/// Each slice declares the indexes its rules rely on (uniqueness included); all are
/// ensured at start-up, before the server takes requests. Found by assembly scanning.
/// </summary>
public interface IStorageIndexes
{
    void Ensure(LiteDatabase db);
}
