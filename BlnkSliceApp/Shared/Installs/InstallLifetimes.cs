using System.Collections.Concurrent;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>
/// The one cancellation point per install. Background work for an install (sync runs,
/// schedules, Cloud calls) links to <see cref="TokenFor"/>; uninstall calls
/// <see cref="End"/>, which cancels all of it at once. Once ended, an install's token stays
/// cancelled until a re-install calls <see cref="Begin"/>, so late-starting work cannot
/// pick up a fresh, live token.
/// </summary>
public sealed class InstallLifetimes : IDisposable
{
    readonly ConcurrentDictionary<string, CancellationTokenSource> _sources = new();
    readonly ConcurrentDictionary<string, byte> _ended = new();

    public CancellationToken TokenFor(string installedAppId) =>
        _ended.ContainsKey(installedAppId)
            ? new CancellationToken(canceled: true)
            : _sources.GetOrAdd(installedAppId, _ => new CancellationTokenSource()).Token;

    public void Begin(string installedAppId) => _ended.TryRemove(installedAppId, out _);

    public void End(string installedAppId)
    {
        _ended[installedAppId] = 0;
        if (_sources.TryRemove(installedAppId, out var source))
        {
            source.Cancel();
            source.Dispose();
        }
    }

    public void Dispose()
    {
        foreach (var source in _sources.Values)
            source.Dispose();
        _sources.Clear();
    }
}
