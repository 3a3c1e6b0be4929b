using System.Collections.Concurrent;

namespace BlnkSliceApp.Shared.Storage;

/// <summary>
/// A count per collection that moves whenever a write to it starts and again once the write's
/// transaction has ended, kept by <see cref="OneWriterEngine"/>, which sees every write. A copy
/// of a document read while no write to its collection was open, tagged with the version read
/// before it, is current for as long as the version stays the same: what lets a hot document
/// (the install every portal request and launch reads) be kept in memory without ever serving
/// a stale or uncommitted one. It outlives a reopened database (AppDatabase owns it).
/// </summary>
public sealed class CollectionVersions
{
    // LiteDB's collection names ignore case.
    readonly ConcurrentDictionary<string, Counter> _counters = new(StringComparer.OrdinalIgnoreCase);
    long _everything;

    /// <summary>The collection's version, or null while a write to it is open: then nothing read may be kept.</summary>
    public long? Stable(string collection)
    {
        var counter = For(collection);
        if (Volatile.Read(ref counter.OpenWrites) > 0) return null;
        return Interlocked.Read(ref counter.Version) + Interlocked.Read(ref _everything);
    }

    /// <summary>A write to the collection starts: copies kept so far are no longer current.</summary>
    internal void WriteStarted(string collection)
    {
        var counter = For(collection);
        Interlocked.Increment(ref counter.OpenWrites);
        Interlocked.Increment(ref counter.Version);
    }

    /// <summary>The write's transaction ended (committed or rolled back): copies read during it are not current either.</summary>
    internal void WriteEnded(string collection)
    {
        var counter = For(collection);
        Interlocked.Increment(ref counter.Version);
        Interlocked.Decrement(ref counter.OpenWrites);
    }

    /// <summary>A change no single collection names (a rebuild, a dropped or renamed collection).</summary>
    internal void EverythingChanged() => Interlocked.Increment(ref _everything);

    Counter For(string collection) => _counters.GetOrAdd(collection, _ => new Counter());

    sealed class Counter
    {
        public long Version;
        public int OpenWrites;
    }
}
