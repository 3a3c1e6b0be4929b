using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Runs;
using LiteDB;

namespace BlnkSliceApp.Features.SyncSettings;

/// <summary>
/// The install's sync preferences, and the two facts about its runs that limit editing them.
/// The engine reads the same record; the run collection's indexes are the engine's.
/// </summary>
public sealed class PreferencesStore(AppDatabase database, TimeProvider time)
{
    ILiteCollection<SyncPreferences> Preferences => database.Collection<SyncPreferences>(SyncPreferences.Collection);
    ILiteCollection<SyncRunRecord> Runs => database.Collection<SyncRunRecord>(SyncRunRecord.Collection);

    public SyncPreferences Get(string installedAppId) =>
        Preferences.FindById(installedAppId) ?? SyncPreferences.Defaults(installedAppId);

    public void Save(SyncPreferences preferences)
    {
        preferences.UpdatedAt = UnixMs.From(time.GetUtcNow());
        Preferences.Upsert(preferences);
    }

    /// <summary>
    /// Once a run has finished successfully, its window is what the ledger holds; moving the
    /// start afterwards would leave a gap or count days twice.
    /// </summary>
    public bool BackfillLocked(string installedAppId) =>
        Runs.Exists(run => run.InstalledAppId == installedAppId && run.Status == SyncRunStatus.Succeeded);

    /// <summary>Whether anything has reached the ledger under the current indicator names.</summary>
    public bool HasPosted(string installedAppId) =>
        Runs.Exists(run => run.InstalledAppId == installedAppId && run.Counts.Posted > 0);
}
