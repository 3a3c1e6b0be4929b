using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Shared.Portal;

/// <summary>The install behind a portal request, checked again on every request: an uninstall may land mid-session.</summary>
public static class PortalInstall
{
    /// <summary>
    /// The session's install while it is active; otherwise the "session ended" page is the
    /// answer and the result is null, so the endpoint only has to return.
    /// </summary>
    public static async Task<InstallRecord?> ActiveOrEndAsync(this InstallDirectory installs, HttpContext context)
    {
        if (installs.FindActive(context.User.InstalledAppId()) is { } install)
            return install;
        await SessionEndedReasons.Page(SessionEndedReason.Uninstalled).ExecuteAsync(context);
        return null;
    }
}
