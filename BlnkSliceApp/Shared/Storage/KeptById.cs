using System.Collections.Concurrent;

namespace BlnkSliceApp.Shared.Storage;

/// <summary>
/// Documents of one collection read by id, kept in memory while the collection is unchanged.
/// A LiteDB look-up by id costs mostly the planning of its query, and a portal request reads
/// the same few documents every time (its session, its install, the install's settings). Each
/// read is tagged with the collection's version from before it (<see cref="CollectionVersions"/>):
/// any write to the collection moves the version when it starts and again when its transaction
/// ends, so a kept document is only served while nothing was written since it was read, and
/// nothing is kept while a write is open (it may be rolled back).
/// </summary>
/// <param name="copy">Callers get their own copy, so changing it changes nothing kept.</param>
/// <param name="keepMissing">Keep "not found" too: only for ids the caller has vouched for (an install's own id, a signed session id), never for ids anyone may send.</param>
public sealed class KeptById<T>(AppDatabase database, string collection, Func<T, T> copy, bool keepMissing) where T : class
{
    /// <summary>More than any deployment's installs and live sessions; past it everything kept is let go.</summary>
    const int MostKept = 20_000;

    readonly ConcurrentDictionary<string, Kept> _kept = new(StringComparer.Ordinal);

    public T? Find(string? id, Func<T?> read)
    {
        if (id is null) return read();
        var version = database.Versions.Stable(collection);
        if (version is { } current && _kept.TryGetValue(id, out var kept) && kept.Version == current)
            return kept.Document is null ? null : copy(kept.Document);
        var found = read();
        if (version is { } readAt && (found is not null || keepMissing))
        {
            if (_kept.Count >= MostKept) _kept.Clear();
            _kept[id] = new Kept(readAt, found is null ? null : copy(found));
        }
        return found;
    }

    sealed record Kept(long Version, T? Document);
}
