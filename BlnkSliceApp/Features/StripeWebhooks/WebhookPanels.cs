using BlnkSliceApp.Features.SyncNow;
using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace BlnkSliceApp.Features.StripeWebhooks;

/// <summary>Builds the webhook panel of an install; the URL comes from PUBLIC_BASE_URL.</summary>
public sealed class WebhookPanels(AppSettings settings, WebhookEndpoints endpoints, SafetyRuns safetyRuns)
{
    public RazorComponentResult<WebhookPanel> Render(InstallRecord install, int statusCode = StatusCodes.Status200OK,
        string? error = null, string? notice = null, string? fieldError = null, bool confirmRemove = false)
    {
        var record = endpoints.Find(install.InstalledAppId);
        var hasSecret = record is not null && endpoints.HasUsableSecret(record);
        var model = new WebhookPanelModel(
            WebhookRoutes.UrlFor(settings.PublicBaseUrl, endpoints.EndpointIdOf(install.InstalledAppId)),
            hasSecret ? record!.SecretLast4 : null,
            record?.LastEventAt is { } at ? UnixMs.ToTime(at) : null,
            record?.LastEventType,
            safetyRuns.NextRunOf(install),
            SyncBarViews.CanSync(install),
            error, notice, fieldError, confirmRemove && hasSecret);
        return new RazorComponentResult<WebhookPanel>(new { Model = model }) { StatusCode = statusCode };
    }
}
