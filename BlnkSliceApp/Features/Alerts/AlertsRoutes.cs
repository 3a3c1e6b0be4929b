namespace BlnkSliceApp.Features.Alerts;

public static class AlertsRoutes
{
    public const string Panel = "/portal/alerts";
}
