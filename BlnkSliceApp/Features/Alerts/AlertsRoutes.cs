namespace BlnkSliceApp.Features.Alerts;

public static class AlertsRoutes
{
    public const string Panel = "/portal/alerts";
    public const string Resolve = "/portal/alerts/resolve";
    public const string Flag = "/portal/alerts/flag";

    public static string PageOf(int page) => page <= 1 ? Panel : $"{Panel}?page={page}";
}
