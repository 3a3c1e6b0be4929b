using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Shared.Telemetry;

/// <summary>
/// Each active install's last completed run (when, and its reconciliation), in memory: a scrape
/// reads this and never the database. Loaded once, at the first scrape, from one state document
/// and one run per install; the runner keeps it current after that.
/// </summary>
public sealed class CompletedRuns(InstallDirectory installs, SyncStates states, SyncRuns runs, InstallLifetimes lifetimes, TimeProvider time)
{
    sealed record Entry(long CompletedAt, IReadOnlyList<ReconciliationLine> Reconciliation);

    readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    readonly Lock _loading = new();
    bool _loaded;

    /// <summary>A run ran to its end (posting refusals included: they are counted on their own). Called after its state is saved.</summary>
    public void Completed(string installedAppId, long completedAt, IReadOnlyList<ReconciliationLine> reconciliation) =>
        WhenLoaded(() => _entries[installedAppId] = new Entry(completedAt, reconciliation.ToList()));

    /// <summary>A repair run reconciled: the difference is current, the lag is not (it read no Stripe history).</summary>
    public void Reconciled(string installedAppId, IReadOnlyList<ReconciliationLine> reconciliation) =>
        WhenLoaded(() =>
        {
            if (_entries.TryGetValue(installedAppId, out var entry))
                _entries[installedAppId] = entry with { Reconciliation = reconciliation.ToList() };
        });

    /// <summary>An install whose runs start is watched from then on, lagging from its install time until a run completes.</summary>
    public void Watch(InstallRecord install) =>
        WhenLoaded(() => _entries.TryAdd(install.InstalledAppId, new Entry(install.InstalledAt, [])));

    /// <summary>
    /// Before the first scrape nothing is kept (metrics may be off): the load then reads what
    /// the runs saved. The lock keeps a change from falling between the load's read and its end.
    /// </summary>
    void WhenLoaded(Action change)
    {
        lock (_loading)
            if (_loaded) change();
    }

    public IEnumerable<Measurement<double>> Lag()
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        foreach (var (installedAppId, entry) in Current())
            yield return new(Math.Max(0, now - entry.CompletedAt) / 1000.0, new KeyValuePair<string, object?>(SyncMetrics.InstallTag, installedAppId));
    }

    public IEnumerable<Measurement<double>> Differences()
    {
        foreach (var (installedAppId, entry) in Current())
        foreach (var line in entry.Reconciliation)
            yield return new((double)line.Difference / Math.Max(1, line.Precision),
                new(SyncMetrics.InstallTag, installedAppId), new("currency", line.Currency), new("balance_type", line.BalanceType));
    }

    IEnumerable<KeyValuePair<string, Entry>> Current()
    {
        LoadOnce();
        foreach (var pair in _entries)
        {
            // Uninstalled since: no longer synced, so no longer reported.
            if (lifetimes.TokenFor(pair.Key).IsCancellationRequested)
                _entries.TryRemove(pair.Key, out _);
            else
                yield return pair;
        }
    }

    void LoadOnce()
    {
        lock (_loading)
        {
            if (_loaded) return;
            foreach (var install in installs.AllActive())
            {
                var state = states.Get(install.InstalledAppId);
                var last = state.LastCompletedRunId is { } runId ? runs.Get(runId) : null;
                var entry = last is not null
                    ? new Entry(state.LastCompletedAt ?? last.EndedAt ?? last.UpdatedAt, last.Reconciliation)
                    // Saved before the last completed run was kept: the cursor moves only at a run's end, with UpdatedAt.
                    : state.Cursor is not null
                        ? new Entry(state.UpdatedAt, [])
                        : new Entry(install.InstalledAt, []);
                _entries.TryAdd(install.InstalledAppId, entry);
            }
            _loaded = true;
        }
    }
}
