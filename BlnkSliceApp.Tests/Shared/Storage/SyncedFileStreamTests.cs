using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Tests.DevCloud;

namespace BlnkSliceApp.Tests.Shared.Storage;

/// <summary>
/// Two transactions end at once: the first one's fsync is still running when the second
/// finishes its work. The second wrote before that fsync started, so it may lean on it, but
/// it must not answer before the bytes are on disk.
/// </summary>
public sealed class SyncedFileStreamTests : IDisposable
{
    readonly string _directory = Directory.CreateTempSubdirectory("blnkslice-sync-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_transaction_that_finds_another_fsync_under_way_returns_only_after_it_is_on_disk()
    {
        using var file = new HeldFsyncFile(Path.Combine(_directory, "log.db"));
        using var stream = new SyncedFileStream(file, deferrable: true);
        using var secondWrote = new ManualResetEventSlim();
        using var secondMayEnd = new ManualResetEventSlim();
        var secondWorkDone = false;

        var first = Task.Run(() => stream.Batched(() =>
        {
            Write(stream);
            secondWrote.Wait();
            return 1;
        }));
        var secondThread = new Thread(() => stream.Batched(() =>
        {
            Write(stream);
            secondWrote.Set();
            secondMayEnd.Wait();
            Volatile.Write(ref secondWorkDone, true);
            return 2;
        }));
        secondThread.Start();

        // The first transaction's fsync covers both writes and is held on its way to the disk.
        await file.FsyncStarted.Task.WaitAsync(TimeSpan.FromSeconds(10));
        secondMayEnd.Set();
        // The second either waits for that fsync or fsyncs itself; both wait for the disk, which answers nothing yet.
        await Eventually.TrueAsync(() => Task.FromResult(
            !secondThread.IsAlive || (Volatile.Read(ref secondWorkDone) && secondThread.ThreadState.HasFlag(ThreadState.WaitSleepJoin))), 10_000);
        Assert.True(secondThread.IsAlive, "the second transaction returned while its bytes were still on their way to the disk");

        file.ReleaseFsyncs();
        await first;
        Assert.True(secondThread.Join(TimeSpan.FromSeconds(10)));
        Assert.Equal(2, file.BytesOnDisk);
    }

    // LiteDB writes its log from one thread at explicit positions; two threads writing one
    // FileStream at once could both land on the same byte, so the test's writes take turns.
    static readonly Lock WriteGate = new();

    static void Write(Stream stream)
    {
        lock (WriteGate)
        {
            stream.Seek(0, SeekOrigin.End);
            stream.Write([42], 0, 1);
        }
        // What LiteDB's log writer does when its queue empties: deferred inside a transaction.
        stream.Flush();
    }

    /// <summary>A file whose fsyncs wait until the test lets them through, and which counts what they covered.</summary>
    sealed class HeldFsyncFile(string path) : FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, bufferSize: 0)
    {
        readonly ManualResetEventSlim _released = new();

        public TaskCompletionSource FsyncStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long BytesOnDisk { get; private set; }

        public void ReleaseFsyncs() => _released.Set();

        public override void Flush(bool flushToDisk)
        {
            var covered = Length;
            FsyncStarted.TrySetResult();
            _released.Wait();
            base.Flush(flushToDisk);
            BytesOnDisk = Math.Max(BytesOnDisk, covered);
        }

        protected override void Dispose(bool disposing)
        {
            _released.Set();
            base.Dispose(disposing);
            if (disposing) _released.Dispose();
        }
    }
}
