using BlnkSliceApp.Shared.Cloud;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Features.Alerts;

/// <summary>
/// Builds the Alerts view. With alerts:read it makes two Cloud calls: the app's own alerts by
/// id (<c>anomaly_id_in</c>, for their status in Cloud), and one page of the instance's list.
/// A Cloud failure never hides the app's own findings: it is shown as a sentence instead.
/// </summary>
public sealed class AlertsViews(AlertLog log, CloudClients clouds, AlertLinks links, ILogger<AlertsViews> logger)
{
    public const int PageSize = 25;

    public async Task<AlertsView> ForAsync(InstallRecord install, int page, CancellationToken ct)
    {
        page = Math.Max(1, page);
        var local = log.For(install.InstalledAppId);
        var canRead = install.Has(Scopes.AlertsRead);
        var canWrite = install.Has(Scopes.AlertsWrite);
        if (!canRead)
            return new AlertsView(local.Select(record => new OwnAlert(record, null)).ToList(), [], 1, 1, 0, false, canWrite, null, links);

        try
        {
            var cloud = clouds.For(install);
            var ownIds = local.Select(record => record.CloudAlertId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            var inCloud = (await cloud.FindAlertsAsync(ownIds, ct)).ToDictionary(alert => alert.AlertId, StringComparer.Ordinal);
            var listed = await cloud.ListAlertsAsync([], page, PageSize, ct);
            var own = local.Select(record => new OwnAlert(record, record.CloudAlertId is { } id ? inCloud.GetValueOrDefault(id) : null))
                .OrderByDescending(alert => alert.Open)
                .ThenByDescending(alert => alert.Local.UpdatedAt)
                .ToList();
            var ownSet = ownIds.ToHashSet(StringComparer.Ordinal);
            var others = listed.Alerts.Where(alert => !ownSet.Contains(alert.AlertId)).ToList();
            var pages = (int)Math.Max(1, (listed.Total + PageSize - 1) / PageSize);
            return new AlertsView(own, others, page, pages, listed.Total, true, canWrite, null, links);
        }
        catch (CloudCallException error)
        {
            logger.LogWarning("Alerts of install {InstalledAppId} could not be read from Blnk Cloud: {Reason}", install.InstalledAppId, error.Message);
            return new AlertsView(local.Select(record => new OwnAlert(record, null)).ToList(), [], page, page, 0, true, canWrite, error.Message, links);
        }
    }
}
