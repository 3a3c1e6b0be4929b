using BlnkSliceApp.Shared.Configuration;

namespace BlnkSliceApp.Features.Alerts;

/// <summary>Where an alert is opened in Blnk Cloud's dashboard (BLNK_CLOUD_DASHBOARD_URL).</summary>
public sealed class AlertLinks(AppSettings settings)
{
    public string For(string alertId) =>
        $"{settings.BlnkCloudDashboardUrl.ToString().TrimEnd('/')}/anomalies/{Uri.EscapeDataString(alertId)}";
}
