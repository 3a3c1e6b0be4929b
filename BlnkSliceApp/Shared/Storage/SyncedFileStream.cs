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
sealed class SyncedFileStream(FileStream file, bool deferrable) : Stream
{
    [ThreadStatic] static bool _deferring;
    int _unsynced;

    /// <summary>Runs <paramref name="work"/> with this thread's flushes deferred, then makes everything written durable.</summary>
    public T Batched<T>(Func<T> work)
    {
        var outer = _deferring;
        _deferring = true;
        try
        {
            return work();
        }
        finally
        {
            _deferring = outer;
            if (!outer) SyncToDisk();
        }
    }

    void SyncToDisk()
    {
        if (Interlocked.Exchange(ref _unsynced, 0) == 1)
            file.Flush(flushToDisk: true);
    }

    public override void Flush()
    {
        if (deferrable && _deferring)
        {
            // The file is unbuffered: written bytes are already with the OS.
            Volatile.Write(ref _unsynced, 1);
            return;
        }
        Interlocked.Exchange(ref _unsynced, 0);
        file.Flush(flushToDisk: true);
    }

    public override int Read(byte[] buffer, int offset, int count) => file.Read(buffer, offset, count);
    public override void Write(byte[] buffer, int offset, int count) => file.Write(buffer, offset, count);
    public override long Seek(long offset, SeekOrigin origin) => file.Seek(offset, origin);
    public override void SetLength(long value) => file.SetLength(value);
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
            SyncToDisk();
            file.Dispose();
        }
        base.Dispose(disposing);
    }
}
