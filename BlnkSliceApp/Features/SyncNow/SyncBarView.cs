using BlnkSliceApp.Features.Runs;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Features.SyncNow;

/// <summary>Everything the sync bar shows, read once per request.</summary>
public sealed record SyncBarView(
    string? Unavailable,
    SyncRunRecord? Latest,
    SyncProgressView? Progress,
    ScheduleText Schedule,
    DateTimeOffset Now,
    string? Note = null,
    string? Refusal = null)
{
    public bool CanPress => Unavailable is null;
    public bool Running => Latest is { Status: SyncRunStatus.Running };
}

/// <summary>The schedule in words, and when the next scheduled run is due (null when off).</summary>
public sealed record ScheduleText(string Summary, DateTimeOffset? NextRun);

/// <summary>Builds the bar. Sync now is offered only when a press could start a run; otherwise it says why.</summary>
public sealed class SyncBarViews(RunHistory history, StripeKeys keys, SyncSchedule schedule, SyncProgressViews progress, TimeProvider time)
{
    public const string RunningReason = "A sync is running; Sync now is available again when it ends.";
    public const string NoKeyReason = "Connect a Stripe account first, under Settings.";

    public SyncBarView For(InstallRecord install, string? note = null, string? refusal = null)
    {
        var latest = history.Latest(install.InstalledAppId);
        var running = latest is { Status: SyncRunStatus.Running };
        return new SyncBarView(
            Unavailable: Reason(install, running),
            Latest: latest,
            Progress: running ? progress.For(latest!) : null,
            Schedule: schedule.Describe(install, latest),
            Now: time.GetUtcNow(),
            Note: note,
            Refusal: refusal);
    }

    string? Reason(InstallRecord install, bool running)
    {
        if (MissingSyncScopes(install) is { } missing)
            return $"Syncing needs the {missing} permission, which this install was not granted (see Permissions).";
        if (running)
            return RunningReason;
        if (keys.Describe(install) is null)
            return NoKeyReason;
        return null;
    }

    /// <summary>The sync scopes this install lacks, named exactly ("data:write", or "data:read and data:write"); null when it has both.</summary>
    public static string? MissingSyncScopes(InstallRecord install)
    {
        var missing = new[] { Scopes.DataRead, Scopes.DataWrite }.Where(scope => !install.Has(scope)).ToList();
        return missing.Count == 0 ? null : string.Join(" and ", missing);
    }

    public static bool CanSync(InstallRecord install) => MissingSyncScopes(install) is null;
}
