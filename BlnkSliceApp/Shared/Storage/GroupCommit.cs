namespace BlnkSliceApp.Shared.Storage;

/// <summary>
/// Small writes from many concurrent callers, committed together. Each LiteDB commit flushes
/// its log to disk (about 2 ms), so dozens of customers resolved at once would otherwise
/// queue behind one another's flushes. The first caller to arrive commits everything waiting
/// in one transaction; the others wait for that commit. A write that throws is retried alone,
/// so it fails by itself and the rest still land.
/// </summary>
public sealed class GroupCommit(AppDatabase database)
{
    readonly Lock _gate = new();
    List<PendingWrite> _waiting = [];
    bool _committing;

    public Task WriteAsync(Action write)
    {
        var pending = new PendingWrite(write);
        lock (_gate)
        {
            _waiting.Add(pending);
            if (_committing) return pending.Done.Task;
            _committing = true;
        }
        CommitWaiting();
        return pending.Done.Task;
    }

    void CommitWaiting()
    {
        while (true)
        {
            List<PendingWrite> batch;
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
        }
    }

    void Commit(List<PendingWrite> batch)
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
                pending.Done.TrySetResult();
        }
        catch when (batch.Count > 1)
        {
            foreach (var pending in batch)
                Commit([pending]);
        }
        catch (Exception error)
        {
            batch[0].Done.TrySetException(error);
        }
    }

    sealed record PendingWrite(Action Write)
    {
        // Waiters continue on their own, not inside the committing caller's loop.
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
