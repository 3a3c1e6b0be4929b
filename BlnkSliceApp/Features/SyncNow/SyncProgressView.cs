using System.Collections.Concurrent;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Runs;
using BlnkSliceApp.Shared.Sync.Store;
using LiteDB;

namespace BlnkSliceApp.Features.SyncNow;

/// <summary>One step of a run as the progress bar lists it.</summary>
public sealed record SyncStep(string Label, SyncStepState State);

public enum SyncStepState { Done, Current, Waiting }

/// <summary>
/// Where a run is: its steps (so a fast step is still seen done), counts, and a percentage
/// where one is known. Stripe does not say how many transactions a window holds, so reading is
/// shown as a count; posting has a known total (what was recorded), and so a percentage.
/// </summary>
public sealed record SyncProgressView(
    string RunId,
    bool Finished,
    string Phase,
    IReadOnlyList<SyncStep> Steps,
    int Fetched,
    int Settled,
    int? Remaining,
    int? Percent,
    SyncRunRecord Run);

public sealed class SyncProgressViews(SyncItems items)
{
    /// <summary>The engine's phases in order, as the run record names them.</summary>
    static readonly (string Phase, string Label)[] Phases =
    [
        ("Reading Stripe", "Reading Stripe"),
        ("Linking customers", "Linking customers"),
        ("Posting to the ledger", "Posting to the ledger"),
        ("Reconciling", "Reconciling"),
    ];

    /// <summary>For runs of earlier versions only: postings still to send when their posting was first shown, counted once per run.</summary>
    readonly ConcurrentDictionary<string, int> _toPost = new(StringComparer.Ordinal);

    public SyncProgressView For(SyncRunRecord run)
    {
        var current = Array.FindIndex(Phases, p => string.Equals(p.Phase, run.Phase, StringComparison.Ordinal));
        var finished = run.IsFinished;
        if (finished) current = Phases.Length;
        var steps = Phases.Select((p, i) => new SyncStep(p.Label,
            i < current ? SyncStepState.Done : i == current ? SyncStepState.Current : SyncStepState.Waiting)).ToList();

        var settled = run.Counts.Posted + run.Counts.AlreadyPresent + run.Counts.Failed;
        int? remaining = null;
        int? percent = null;
        if (finished)
        {
            _toPost.TryRemove(run.RunId, out _);
            remaining = 0;
            percent = 100;
        }
        else if (current >= 2)
        {
            // What was owed before the run plus what it recorded: counting the queue itself loads every posting in it.
            var total = run.PendingBefore is { } before
                ? before + run.Counts.Recorded
                : _toPost.GetOrAdd(run.RunId, _ => settled + PendingCount(run.InstalledAppId));
            remaining = Math.Max(0, total - settled);
            percent = total == 0 ? 100 : (int)Math.Min(100, 100L * settled / total);
            if (current == 3) { remaining = 0; percent = 100; }
        }
        return new SyncProgressView(run.RunId, finished, run.Phase, steps, run.Counts.Fetched, settled, remaining, percent, run);
    }

    int PendingCount(string installedAppId) => items.PendingCount(installedAppId);
}
