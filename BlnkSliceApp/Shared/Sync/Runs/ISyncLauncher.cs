namespace BlnkSliceApp.Shared.Sync.Runs;

public enum SyncStartRefusal { None, NotInstalled, MissingPermission, NoStripeKey, NeedsReinstall }

/// <param name="Run">The run now in progress: the one just started or the one already running.</param>
/// <param name="AlreadyRunning">True when a run was in progress and no new one started.</param>
public sealed record SyncStart(SyncRunRecord? Run, bool AlreadyRunning, SyncStartRefusal Refusal, string? RefusalMessage)
{
    public bool Started => Refusal == SyncStartRefusal.None;
}

/// <summary>Starts a sync run in the background; at most one per install.</summary>
public interface ISyncLauncher
{
    SyncStart Start(string installedAppId, SyncTrigger trigger);
}
