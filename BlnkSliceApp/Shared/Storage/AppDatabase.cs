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
    readonly string _path;
    readonly Lock _reopening = new();
    readonly DatabaseLock _exclusive;
    volatile Opened _opened;

    /// <summary>Moves with every write to a collection (see <see cref="CollectionVersions"/>); the same across a reopen.</summary>
    public CollectionVersions Versions { get; } = new();

    /// <summary>The open database. After a storage failure it may be replaced by a fresh one (see <see cref="CanWrite"/>): never keep it.</summary>
    public LiteDatabase Db => _opened.Db;

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
        _path = Path.GetFullPath(settings.DatabasePath);
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
            RebuildWithOrdinalCollation(_path);
            _opened = Open(_path, Versions);
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            // A volume mounted read-only or owned by another user: say so instead of a stack trace.
            throw new ConfigurationError("DATABASE_PATH", $"must be a file the app can create and write ({_path}): {error.Message}");
        }
    }

    sealed record Opened(LiteDatabase Db, SyncedFileStream Data, SyncedFileStream Log, Action WaitForLogWrites) : IDisposable
    {
        public void Dispose()
        {
            // A database whose disk failed may throw on its way out too; the files are closed regardless.
            try { Db.Dispose(); } catch (Exception error) when (error is IOException or LiteException or ObjectDisposedException or InvalidOperationException) { }
            try { Log.Dispose(); } catch (IOException) { }
            try { Data.Dispose(); } catch (IOException) { }
        }
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
        // LiteDB keeps the old file as "-backup": a full copy, customer data and erased records
        // included, that nothing would ever clean. The rebuilt file is complete, so the copy goes.
        var backup = Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)}-backup{Path.GetExtension(path)}");
        if (File.Exists(backup))
            Shred(backup);
    }

    /// <summary>Overwrites a file with zeros before deleting it, so its content is not left in the freed blocks.</summary>
    static void Shred(string path)
    {
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Write, FileShare.None))
        {
            var zeros = new byte[64 * 1024];
            for (long written = 0, length = stream.Length; written < length; written += zeros.Length)
                stream.Write(zeros, 0, (int)Math.Min(zeros.Length, length - written));
            stream.Flush(flushToDisk: true);
        }
        File.Delete(path);
    }

    static Opened Open(string path, CollectionVersions versions)
    {
        var logPath = Path.Combine(Path.GetDirectoryName(path)!, $"{Path.GetFileNameWithoutExtension(path)}-log{Path.GetExtension(path)}");
        // Unbuffered (LiteDB writes whole pages), so a flush to disk has nothing left in .NET's hands.
        var data = new SyncedFileStream(OpenFile(path), deferrable: false);
        var log = new SyncedFileStream(OpenFile(logPath), deferrable: true);
        try
        {
            // A page the disk cut short (it filled up mid-write) was never confirmed: drop it so the log stays page-aligned.
            if (log.Length % PageSize != 0) log.SetLength(log.Length - log.Length % PageSize);
            var engine = new LiteEngine(new EngineSettings { DataStream = data, LogStream = log, Collation = OrdinalCollation });
            var db = new LiteDatabase(new OneWriterEngine(engine, versions), new BsonMapper { EnumAsInteger = false });
            return new Opened(db, data, log, LogWriterWait(engine));
        }
        catch
        {
            log.Dispose();
            data.Dispose();
            throw;
        }
    }

    const int PageSize = 8192;

    /// <summary>
    /// LiteDB 5.0.20 hands a commit's pages to a log writer that may still be writing when
    /// Commit returns, and offers no public way to wait for it. Its internal queue's Wait()
    /// returns once every page is in the file, so the fsync that follows covers the whole
    /// transaction. (The version is pinned; a test fails if this reach into it breaks.)
    /// </summary>
    static Action LogWriterWait(LiteEngine engine)
    {
        const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        var disk = engine?.GetType().GetField("_disk", Instance)?.GetValue(engine);
        var lazyQueue = disk?.GetType().GetProperty("Queue", Instance)?.GetValue(disk);
        var isCreated = lazyQueue?.GetType().GetProperty("IsValueCreated");
        var value = lazyQueue?.GetType().GetProperty("Value");
        var emptied = value?.PropertyType.GetField("_queueIsEmpty", Instance);
        var failure = value?.PropertyType.GetField("_exception", Instance);
        var stateField = value?.PropertyType.GetField("_state", Instance);
        var stateFailure = stateField?.FieldType.GetField("_exception", Instance);
        var stateDisposed = stateField?.FieldType.GetField("Disposed", Instance);
        if (lazyQueue is null || isCreated is null || value is null || emptied is null || failure is null || stateField is null || stateFailure is null || stateDisposed is null)
            throw new InvalidOperationException("This LiteDB version's log writer cannot be waited for; AppDatabase expects LiteDB 5.0.20.");

        return () =>
        {
            if (!(bool)isCreated.GetValue(lazyQueue)!) return;
            var queue = value.GetValue(lazyQueue)!;
            var empty = (ManualResetEventSlim)emptied.GetValue(queue)!;
            var state = stateField.GetValue(queue);
            // A writer that failed (disk full, say) never empties its queue: report it rather than wait for ever.
            // LiteDB records the failure on the writer or only on the engine's state, depending on where it struck.
            var deadline = Environment.TickCount64 + (long)LogWriteTimeout.TotalMilliseconds;
            while (!empty.Wait(TimeSpan.FromMilliseconds(50)))
            {
                if ((failure.GetValue(queue) ?? (state is null ? null : stateFailure.GetValue(state))) is Exception error)
                    throw new IOException("The database log could not be written to disk.", error);
                if (state is not null && (bool)stateDisposed.GetValue(state)!)
                    throw new IOException("The database stopped after a failed write.");
                if (Environment.TickCount64 > deadline)
                    throw new IOException($"The database log was not written to disk within {LogWriteTimeout.TotalSeconds:F0} s.");
            }
        };
    }

    static readonly TimeSpan LogWriteTimeout = TimeSpan.FromSeconds(30);

    // Readers (a backup copying the files) may share them, as with LiteDB's own direct mode.
    static FileStream OpenFile(string path) => new(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0);

    public ILiteCollection<T> Collection<T>(string name) => Db.GetCollection<T>(name);

    /// <summary>Runs <paramref name="work"/> in one LiteDB transaction on this thread; no awaits inside.</summary>
    public T InTransaction<T>(Func<T> work)
    {
        var opened = _opened;
        return opened.Log.Batched(() =>
        {
            opened.Db.BeginTrans();
            try
            {
                var result = work();
                opened.Db.Commit();
                opened.WaitForLogWrites();
                return result;
            }
            catch
            {
                try { opened.Db.Rollback(); }
                catch (Exception error) when (IsStorageFailure(error)) { }
                throw;
            }
        });
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
        if (Probe()) return true;
        // LiteDB 5.0.20 stops for good after a failed disk write (every call rethrows it): once
        // the disk is back, only a fresh database over the same files works again. Only a stopped
        // engine is replaced: one that is merely slow still has writers that would race the new one.
        if (!EngineStopped(_opened.Db)) return false;
        Reopen();
        return Probe();
    }

    bool Probe()
    {
        try
        {
            InTransaction(() =>
            {
                Db.GetCollection<ReadinessProbe>("readiness").Upsert(new ReadinessProbe { Id = 1, At = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() });
                return 0;
            });
            Interlocked.Exchange(ref _writableUntil, Environment.TickCount64 + 5_000);
            return true;
        }
        catch (Exception error) when (IsStorageFailure(error))
        {
            return false;
        }
    }

    long _nextReopen;

    /// <summary>True once LiteDB has recorded a failure on the engine (it then refuses every call) or closed it.</summary>
    static bool EngineStopped(LiteDatabase db)
    {
        const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public;
        var engine = typeof(LiteDatabase).GetField("_engine", Instance)?.GetValue(db);
        // The engine behind the one-writer gate is LiteDB's own.
        if (engine is OneWriterEngine gated)
            engine = gated.Inner;
        var state = engine?.GetType().GetField("_state", Instance)?.GetValue(engine);
        if (state is null) return false;
        return state.GetType().GetField("_exception", Instance)?.GetValue(state) is not null
            || state.GetType().GetField("Disposed", Instance)?.GetValue(state) is true;
    }

    void Reopen()
    {
        lock (_reopening)
        {
            if (Environment.TickCount64 < _nextReopen) return;
            _nextReopen = Environment.TickCount64 + 1_000;
            var failed = _opened;
            failed.Dispose();
            try
            {
                _opened = Open(_path, Versions);
            }
            catch (Exception error) when (IsStorageFailure(error))
            {
                // Still unwritable: the disposed database keeps answering with errors until the next try.
            }
        }
    }

    /// <summary>A storage failure was seen by a request: /ready stops trusting its last success at once.</summary>
    public void ReportFailure() => Interlocked.Exchange(ref _writableUntil, 0);

    /// <summary>The disk (full, read-only, gone) rather than the app: the request may be tried again later.</summary>
    public static bool IsStorageFailure(Exception error) => error switch
    {
        Microsoft.AspNetCore.Http.BadHttpRequestException => false,
        IOException or UnauthorizedAccessException => true,
        // The database a failure replaced, still in a caller's hands.
        ObjectDisposedException disposed => disposed.Source == "LiteDB" || disposed.StackTrace?.Contains("LiteDB.", StringComparison.Ordinal) == true,
        _ => error.InnerException is { } inner && IsStorageFailure(inner),
    };

    public void Dispose()
    {
        _opened.Dispose();
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
