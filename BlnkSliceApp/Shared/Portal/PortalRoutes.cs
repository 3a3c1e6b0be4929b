namespace BlnkSliceApp.Shared.Portal;

public static class PortalRoutes
{
    public const string Enter = "/portal/enter";
    public const string Home = "/portal";
    public const string SessionEnded = "/portal/session-ended";
}
