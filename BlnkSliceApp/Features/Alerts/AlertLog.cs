using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Sync.Alerts;
using LiteDB;

namespace BlnkSliceApp.Features.Alerts;

/// <summary>
/// Reads the sync's findings for the portal. The sync writes them (Shared/Sync/Alerts) and the
/// collection's index on InstalledAppId is declared there.
/// </summary>
public sealed class AlertLog(AppDatabase database)
{
    public const int Shown = 50;

    ILiteCollection<RaisedAlertRecord> Alerts => database.Collection<RaisedAlertRecord>(RaisedAlertRecord.Collection);

    /// <summary>Open findings first, then the most recently seen.</summary>
    public IReadOnlyList<RaisedAlertRecord> For(string installedAppId) =>
        Alerts.Find(alert => alert.InstalledAppId == installedAppId)
            .OrderByDescending(alert => alert.Open)
            .ThenByDescending(alert => alert.UpdatedAt)
            .ThenBy(alert => alert.Id, StringComparer.Ordinal)
            .Take(Shown)
            .ToList();

    /// <summary>The install's record of this Cloud alert, if the app raised it.</summary>
    public RaisedAlertRecord? ByCloudId(string installedAppId, string cloudAlertId) =>
        Alerts.FindOne(alert => alert.InstalledAppId == installedAppId && alert.CloudAlertId == cloudAlertId);

    /// <summary>Marks the app's record of a Cloud alert closed (it was resolved from the portal).</summary>
    public void Close(RaisedAlertRecord record, DateTimeOffset at)
    {
        record.Open = false;
        record.UpdatedAt = UnixMs.From(at);
        Alerts.Upsert(record);
    }

    public void Save(RaisedAlertRecord record) => Alerts.Upsert(record);
}
