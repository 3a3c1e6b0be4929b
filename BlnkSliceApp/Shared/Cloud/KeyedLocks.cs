namespace BlnkSliceApp.Shared.Cloud;

/// <summary>
/// One async lock per key (a customer, an email, an alert), dropped when nobody holds or waits
/// for it, so thousands of customers do not leave thousands of semaphores behind.
/// </summary>
public sealed class KeyedLocks
{
    readonly Lock _gate = new();
    readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    sealed class Entry
    {
        public readonly SemaphoreSlim Semaphore = new(1, 1);
        public int Users;
    }

    public async Task<IDisposable> AcquireAsync(string key, CancellationToken ct)
    {
        Entry entry;
        lock (_gate)
        {
            if (!_entries.TryGetValue(key, out entry!))
                _entries[key] = entry = new Entry();
            entry.Users++;
        }
        try
        {
            await entry.Semaphore.WaitAsync(ct);
        }
        catch
        {
            Leave(key, entry, release: false);
            throw;
        }
        return new Holder(this, key, entry);
    }

    void Leave(string key, Entry entry, bool release)
    {
        if (release) entry.Semaphore.Release();
        lock (_gate)
        {
            if (--entry.Users == 0)
            {
                _entries.Remove(key);
                entry.Semaphore.Dispose();
            }
        }
    }

    sealed class Holder(KeyedLocks owner, string key, Entry entry) : IDisposable
    {
        int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
                owner.Leave(key, entry, release: true);
        }
    }
}
