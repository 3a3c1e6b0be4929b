using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Sync.Runs;

namespace BlnkSliceApp.Features.SyncNow;

/// <summary>Everything the sync panel shows, read once per request.</summary>
public sealed record SyncPanelView(
    bool CanSync,
    SyncRunRecord? Latest,
    IReadOnlyList<SyncRunRecord> History,
    DateTimeOffset Now,
    string? Note = null,
    string? Refusal = null)
{
    /// <summary>The panel asks for itself again only while its run is going, so a finished panel costs nothing.</summary>
    public bool Polling => Latest is { Status: SyncRunStatus.Running };
}

/// <summary>Builds <see cref="SyncPanelView"/>s; the portal home renders the same panel inline.</summary>
public sealed class SyncPanelViews(RunHistory history, TimeProvider time)
{
    public SyncPanelView For(InstallRecord install, string? note = null, string? refusal = null)
    {
        var recent = history.Recent(install.InstalledAppId);
        return new SyncPanelView(
            CanSync: CanSync(install),
            Latest: recent.FirstOrDefault(),
            History: recent,
            Now: time.GetUtcNow(),
            Note: note,
            Refusal: refusal);
    }

    public static bool CanSync(InstallRecord install) => install.Has(Scopes.DataRead) && install.Has(Scopes.DataWrite);
}
