using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.DevCloud.Lifecycle;

/// <summary>The app as registered in the emulated dashboard: one app, one app_id per DevCloud run.</summary>
public sealed record AppRegistration
{
    public required string AppId { get; init; }
    public required string DisplayName { get; init; }
    public required Uri CallbackUrl { get; init; }
    public required Uri PortalGeneratorUrl { get; init; }
    public IReadOnlyList<string> RequestedScopes { get; init; } = [Scopes.DataRead, Scopes.DataWrite, Scopes.AlertsRead, Scopes.AlertsWrite];

    public static AppRegistration For(Uri appBaseUrl, string appId) => new()
    {
        AppId = appId,
        DisplayName = "Stripe Sync (BlnkSliceApp)",
        CallbackUrl = new Uri(appBaseUrl, "/api/callback"),
        PortalGeneratorUrl = new Uri(appBaseUrl, "/api/portal"),
    };
}
