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
        if (Found(installs, context) is { } install)
            return install;
        await SessionEndedReasons.Page(SessionEndedReason.Uninstalled).ExecuteAsync(context);
        return null;
    }

    /// <summary>
    /// The session check of this same request read the install an instant ago: that read is
    /// the check (one look-up a request instead of two; LiteDB plans each one from scratch).
    /// </summary>
    static InstallRecord? Found(InstallDirectory installs, HttpContext context)
    {
        var installedAppId = context.User.InstalledAppId();
        return context.Items[PortalSessionAuthentication.InstallItem] is InstallRecord { IsActive: true } checkedNow && checkedNow.InstalledAppId == installedAppId
            ? checkedNow
            : installs.FindActive(installedAppId);
    }
}
