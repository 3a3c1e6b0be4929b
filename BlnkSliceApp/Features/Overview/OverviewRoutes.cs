namespace BlnkSliceApp.Features.Overview;

public static class OverviewRoutes
{
    public const string View = "/portal/overview";
}
