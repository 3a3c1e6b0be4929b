namespace BlnkSliceApp.Features.Downloads;

public static class DownloadRoutes
{
    /// <summary>GET with <c>?token=</c>: a file the portal offered, once (see <see cref="Shared.Portal.DownloadTokens"/>).</summary>
    public const string Download = "/portal/download";

    public static string For(string token) => $"{Download}?token={Uri.EscapeDataString(token)}";
}
