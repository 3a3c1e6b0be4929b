namespace BlnkSliceApp.Shared.Storage;

/// <summary>
/// A LiteDB file whose flushes reach the disk: LiteDB only fsyncs a <see cref="FileStream"/>
/// it opened itself, and calls <see cref="Flush"/> on a stream handed to it, so here that is
/// an fsync. The log (<c>deferrable</c>) is flushed once per transaction instead of once per
/// page: LiteDB 5.0.20's log writer resumes inline on the committing thread for every page
/// and flushes each time its queue empties, so a commit of 60 pages cost 60 fsyncs (about
/// 0.5 ms each here, most of a sync's time). While <see cref="AppDatabase.InTransaction{T}"/>
/// runs on a thread, that thread's flushes only hand the bytes to the OS, and the transaction
/// ends with one fsync. Everywhere else a flush is an fsync, as before.
/// </summary>
/// <remarks>
/// Transactions end concurrently (the fsync runs after LiteDB's writer lock is released), so
/// "is there anything unsynced" is not enough: a caller that finds another's fsync already
/// under way must not return before that fsync ends, or it would answer 200 for bytes still
/// in the OS's hands. Writes are counted; an fsync covers every write counted before it
/// started, and a caller returns once an fsync covering its writes has finished (its own, or
/// one it waited for: concurrent callers share fsyncs).
/// </remarks>
sealed class SyncedFileStream(FileStream file, bool deferrable) : Stream
{
    [ThreadStatic] static bool _deferring;
    readonly Lock _syncing = new();
    long _written;
    long _durable;

    /// <summary>Runs <paramref name="work"/> with this thread's flushes deferred, then makes everything written durable.</summary>
    public T Batched<T>(Func<T> work)
    {
        var outer = _deferring;
        var before = Interlocked.Read(ref _written);
        _deferring = true;
        T result;
        try
        {
            result = work();
        }
        finally
        {
            _deferring = outer;
        }
        // LiteDB's log writer may write this transaction's pages from another thread; by now
        // (AppDatabase waited for its queue) they are all counted. A failed transaction
        // (thrown above) was rolled back: nothing of it needs to be durable.
        if (!outer && Interlocked.Read(ref _written) != before)
            SyncThrough(Interlocked.Read(ref _written));
        return result;
    }

    /// <summary>Returns once every write counted up to <paramref name="target"/> is on disk.</summary>
    void SyncThrough(long target)
    {
        if (Interlocked.Read(ref _durable) >= target) return;
        lock (_syncing)
        {
            // The fsync this caller waited for may have covered its writes already.
            if (Interlocked.Read(ref _durable) >= target) return;
            var covering = Interlocked.Read(ref _written);
            file.Flush(flushToDisk: true);
            Interlocked.Exchange(ref _durable, covering);
        }
    }

    public override void Flush()
    {
        // The file is unbuffered: written bytes are already with the OS; the transaction's end syncs them.
        if (deferrable && _deferring) return;
        SyncThrough(Interlocked.Read(ref _written));
    }

    public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);

    public override void Write(byte[] buffer, int offset, int count)
    {
        file.Write(buffer, offset, count);
        Interlocked.Increment(ref _written);
    }

    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);

    public override void SetLength(long value)
    {
        file.SetLength(value);
        Interlocked.Increment(ref _written);
    }

    public override bool CanRead => file.CanRead;
    public override bool CanSeek => file.CanSeek;
    public override bool CanWrite => file.CanWrite;
    public override long Length => file.Length;

    public override long Position
    {
        get => file.Position;
        set => file.Position = value;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            SyncThrough(Interlocked.Read(ref _written));
            file.Dispose();
        }
        base.Dispose(disposing);
    }
}
