using System.Security.Claims;

namespace BlnkSliceApp.Shared.Portal;

public static class PortalUser
{
    /// <summary>The install a portal session belongs to; the only install its requests may reach.</summary>
    public static string InstalledAppId(this ClaimsPrincipal user) =>
        user.FindFirstValue(PortalSessionAuthentication.InstallClaim)
        ?? throw new InvalidOperationException("Not a portal session.");

    public static bool HasScope(this ClaimsPrincipal user, string scope) =>
        user.HasClaim(PortalSessionAuthentication.PermissionClaim, scope);
}
