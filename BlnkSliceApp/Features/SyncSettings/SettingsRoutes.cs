namespace BlnkSliceApp.Features.SyncSettings;

public static class SettingsRoutes
{
    public const string Panel = "/portal/settings";
}
