using BlnkSliceApp.Shared.Configuration;
using System.Reflection;
using LiteDB;
using LiteDB.Engine;

namespace BlnkSliceApp.Shared.Storage;

/// <summary>
/// The process's one LiteDB file and its log (LiteDB's own names: <c>x.db</c> and
/// <c>x-log.db</c>), opened as streams so their flushes can be batched (see
/// <see cref="SyncedFileStream"/>). LiteDB calls are synchronous and short;
/// callers never hold a transaction across an await.
/// </summary>
public sealed class AppDatabase : IDisposable
{
    readonly SyncedFileStream _data;
    readonly SyncedFileStream _log;
    readonly Action _waitForLogWrites;
    readonly DatabaseLock _exclusive;

    public LiteDatabase Db { get; }

    /// <summary>
    /// Ids from Cloud and Stripe are exact: "instapp_A" and "instapp_a" are two installs. LiteDB's
    /// default collation ignores case, so the database compares ordinally (set when the file is
    /// created; an older file is rebuilt once with it).
    /// </summary>
    public static readonly Collation OrdinalCollation = new(System.Globalization.CultureInfo.InvariantCulture.LCID, System.Globalization.CompareOptions.Ordinal);

    /// <param name="exclusive">Held by this database and released when it is disposed.</param>
    public AppDatabase(AppSettings settings, DatabaseLock exclusive)
    {
        ArgumentNullException.ThrowIfNull(exclusive);
        _exclusive = exclusive;
        var path = Path.GetFullPath(settings.DatabasePath);
        var logPath = Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)}-log{Path.GetExtension(path)}");
        RebuildWithOrdinalCollation(path);

        // Unbuffered (LiteDB writes whole pages), so a flush to disk has nothing left in .NET's hands.
        _data = new SyncedFileStream(Open(path), deferrable: false);
        _log = new SyncedFileStream(Open(logPath), deferrable: true);
        var engine = new LiteEngine(new EngineSettings { DataStream = _data, LogStream = _log, Collation = OrdinalCollation });
        Db = new LiteDatabase(engine, new BsonMapper { EnumAsInteger = false });
        _waitForLogWrites = LogWriterWait(Db);
    }

    /// <summary>LiteDB rebuilds only files it opened by name (not streams), so an older file is rebuilt before it is opened.</summary>
    static void RebuildWithOrdinalCollation(string path)
    {
        if (!File.Exists(path) || new FileInfo(path).Length == 0)
            return;
        using var db = new LiteDatabase(new ConnectionString { Filename = path, Connection = ConnectionType.Direct });
        if (db.Collation.SortOptions == System.Globalization.CompareOptions.Ordinal)
            return;
        db.Rebuild(new LiteDB.Engine.RebuildOptions { Collation = OrdinalCollation });
    }

    /// <summary>
    /// LiteDB 5.0.20 hands a commit's pages to a log writer that may still be writing when
    /// Commit returns, and offers no public way to wait for it. Its internal queue's Wait()
    /// returns once every page is in the file, so the fsync that follows covers the whole
    /// transaction. (The version is pinned; a test fails if this reach into it breaks.)
    /// </summary>
    static Action LogWriterWait(LiteDatabase db)
    {
        const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        var engine = typeof(LiteDatabase).GetField("_engine", Instance)?.GetValue(db);
        var disk = engine?.GetType().GetField("_disk", Instance)?.GetValue(engine);
        var lazyQueue = disk?.GetType().GetProperty("Queue", Instance)?.GetValue(disk);
        var isCreated = lazyQueue?.GetType().GetProperty("IsValueCreated");
        var value = lazyQueue?.GetType().GetProperty("Value");
        var emptied = value?.PropertyType.GetField("_queueIsEmpty", Instance);
        var failure = value?.PropertyType.GetField("_exception", Instance);
        if (lazyQueue is null || isCreated is null || value is null || emptied is null || failure is null)
            throw new InvalidOperationException("This LiteDB version's log writer cannot be waited for; AppDatabase expects LiteDB 5.0.20.");

        return () =>
        {
            if (!(bool)isCreated.GetValue(lazyQueue)!) return;
            var queue = value.GetValue(lazyQueue)!;
            var empty = (ManualResetEventSlim)emptied.GetValue(queue)!;
            // A writer that failed (disk full, say) never empties its queue: report it rather than wait for ever.
            var deadline = Environment.TickCount64 + (long)LogWriteTimeout.TotalMilliseconds;
            while (!empty.Wait(TimeSpan.FromMilliseconds(100)))
            {
                if (failure.GetValue(queue) is Exception error)
                    throw new IOException("The database log could not be written to disk.", error);
                if (Environment.TickCount64 > deadline)
                    throw new IOException($"The database log was not written to disk within {LogWriteTimeout.TotalSeconds:F0} s.");
            }
        };
    }

    static readonly TimeSpan LogWriteTimeout = TimeSpan.FromSeconds(30);

    // Readers (a backup copying the files) may share them, as with LiteDB's own direct mode.
    static FileStream Open(string path) => new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);

    public ILiteCollection<T> Collection<T>(string name) => Db.GetCollection<T>(name);

    /// <summary>Runs <paramref name="work"/> in one LiteDB transaction on this thread; no awaits inside.</summary>
    public T InTransaction<T>(Func<T> work) => _log.Batched(() =>
    {
        Db.BeginTrans();
        try
        {
            var result = work();
            Db.Commit();
            _waitForLogWrites();
            return result;
        }
        catch
        {
            Db.Rollback();
            throw;
        }
    });

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

    public void Dispose()
    {
        Db.Dispose();
        _log.Dispose();
        _data.Dispose();
        // Last: the files are closed before another process may open them.
        _exclusive.Dispose();
    }

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
