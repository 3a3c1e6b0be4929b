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
}

public sealed record AlertsView(IReadOnlyList<RaisedAlertRecord> Alerts, bool CanRaiseInCloud, DateTimeOffset Now);

public sealed class AlertsViews(AlertLog log, TimeProvider time)
{
    public AlertsView For(Shared.Installs.InstallRecord install) =>
        new(log.For(install.InstalledAppId), install.Has(Shared.Installs.Scopes.AlertsWrite), time.GetUtcNow());
}
