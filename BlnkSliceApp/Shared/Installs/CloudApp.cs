using BlnkSliceApp.Shared.Configuration;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>
/// Which registered app this deployment is: Cloud's events and launches for any other app_id are
/// refused before they touch anything. Apps are private to the organization that registered
/// them, so the app_id is the deployment's to know (BLNK_APP_ID, required in production).
/// </summary>
public static class CloudApp
{
    /// <summary>Missing ids are the validators' to refuse; a named other app is refused here.</summary>
    public static bool Allows(AppSettings settings, string? appId) =>
        settings.BlnkAppId is not { } expected || string.IsNullOrEmpty(appId) || string.Equals(appId, expected, StringComparison.Ordinal);

    public static IResult Refusal(HttpContext context) => Results.Problem(
        statusCode: StatusCodes.Status403Forbidden,
        title: "Forbidden",
        detail: "This deployment does not serve that app_id.",
        instance: context.Request.Path);
}
