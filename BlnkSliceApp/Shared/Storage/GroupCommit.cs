namespace BlnkSliceApp.Shared.Storage;

/// <summary>
/// Small writes from many concurrent callers, committed together. Each LiteDB commit flushes
/// its log to disk (2 to 8 ms), so dozens of customers resolved, or install events arriving,
/// at once would otherwise queue behind one another's flushes. The first caller to arrive
/// commits everything waiting in one transaction; the others wait for that commit without
/// holding a thread. A write that throws is retried alone, so it fails by itself and the rest
/// still land; a storage failure (disk full, read-only, gone) fails the whole batch. A caller's
/// task completes only once its write is on disk.
/// </summary>
public sealed class GroupCommit(AppDatabase database)
{
    readonly Lock _gate = new();
    List<IPendingWrite> _waiting = [];
    bool _committing;

    public Task WriteAsync(Action write) => WriteAsync(() =>
    {
        write();
        return true;
    });

    /// <param name="write">Synchronous LiteDB work only; it may run twice (alone, after a batch it was in failed), so it must not act outside the database.</param>
    public Task<T> WriteAsync<T>(Func<T> write)
    {
        var pending = new PendingWrite<T>(write);
        lock (_gate)
        {
            _waiting.Add(pending);
            if (_committing) return pending.Done.Task;
            _committing = true;
        }
        CommitWaiting(firstOnly: true);
        return pending.Done.Task;
    }

    /// <param name="firstOnly">
    /// The caller that started committing commits one batch (its own write in it) and hands
    /// any later batch to the thread pool, so its own answer does not wait for everyone else's.
    /// </param>
    void CommitWaiting(bool firstOnly)
    {
        while (true)
        {
            List<IPendingWrite> batch;
            lock (_gate)
            {
                if (_waiting.Count == 0)
                {
                    _committing = false;
                    return;
                }
                batch = _waiting;
                _waiting = [];
            }
            Commit(batch);
            if (firstOnly)
            {
                ThreadPool.UnsafeQueueUserWorkItem(commits => commits.CommitWaiting(firstOnly: false), this, preferLocal: false);
                return;
            }
        }
    }

    void Commit(List<IPendingWrite> batch)
    {
        try
        {
            database.InTransaction(() =>
            {
                foreach (var pending in batch)
                    pending.Write();
                return 0;
            });
            foreach (var pending in batch)
                pending.Complete();
        }
        catch (Exception error) when (batch.Count > 1 && !AppDatabase.IsStorageFailure(error))
        {
            foreach (var pending in batch)
                Commit([pending]);
        }
        catch (Exception error) when (batch.Count > 1)
        {
            // The disk failed, not one write: none of the batch is known to be on disk, and a
            // retry could find the batch's own writes (committed, never flushed) and call them done.
            foreach (var pending in batch)
                pending.Fail(error);
        }
        catch (Exception error)
        {
            batch[0].Fail(error);
        }
    }

    interface IPendingWrite
    {
        void Write();
        void Complete();
        void Fail(Exception error);
    }

    sealed class PendingWrite<T>(Func<T> write) : IPendingWrite
    {
        T _result = default!;

        // Waiters continue on their own, not inside the committing caller's loop.
        public TaskCompletionSource<T> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Write() => _result = write();
        public void Complete() => Done.TrySetResult(_result);
        public void Fail(Exception error) => Done.TrySetException(error);
    }
}
