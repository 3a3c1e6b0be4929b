namespace BlnkSliceApp.Features.Permissions;

public static class PermissionsRoutes
{
    public const string View = "/portal/permissions";
}
