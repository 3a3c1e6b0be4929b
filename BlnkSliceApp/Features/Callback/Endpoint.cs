using BlnkSliceApp.Features.Install;
using BlnkSliceApp.Features.Uninstall;
using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Web;
using FastEndpoints;

namespace BlnkSliceApp.Features.Callback;

/// <summary>
/// Blnk Cloud's registration callback. It refuses events for another app, tells the events
/// apart and hands each to its slice as a command (Cloud waits about 10 seconds: the only
/// network calls are the bounded key checks of events that change or end an active install).
/// </summary>
public sealed class Endpoint(AppSettings settings) : Endpoint<Request, Response>
{
    public override void Configure()
    {
        Post("/api/callback");
        AllowAnonymous();
        Options(route => route.RequireRateLimiting(RateLimits.Cloud));
        Description(route => route.Accepts<Request>("application/json"));
    }

    public override async Task HandleAsync(Request request, CancellationToken ct)
    {
        if (!CloudApp.Allows(settings, request.AppId))
        {
            Logger.LogWarning("Callback for {InstalledAppId} names another app_id than BLNK_APP_ID; refused", request.InstalledAppId);
            await Send.ResultAsync(CloudApp.Refusal(HttpContext));
            return;
        }
        try
        {
            await DispatchAsync(request, ct);
        }
        catch (ValidationFailureException invalid) when (invalid.Failures is not null && !ReferenceEquals(invalid.Failures, ValidationFailures))
        {
            // The slice's own validator refused the event: answer with its reasons.
            foreach (var failure in invalid.Failures.ToList())
                AddError(failure);
            ThrowIfAnyErrors();
        }
        catch (EventRefusedException refused)
        {
            await Send.ResultAsync(Results.Problem(statusCode: refused.Status, detail: refused.Message, instance: HttpContext.Request.Path));
            return;
        }

        await Send.OkAsync(new Response(), ct);
    }

    Task DispatchAsync(Request request, CancellationToken ct)
    {
        switch (request.Kind)
        {
            case CallbackEvent.Install:
                return new InstallCommand(request.InstalledAppId, request.AppId, request.InstanceId, request.OrganizationId, request.ApiKey,
                    request.ApiKeyPrefix, request.GrantedPermissions, request.IdempotencyKey).ExecuteAsync(HttpContext.RequestServices, ct);
            case CallbackEvent.Uninstall:
                return new UninstallCommand(request.InstalledAppId, request.AppId, request.InstanceId,
                    request.UninstalledAt, request.IdempotencyKey).ExecuteAsync(HttpContext.RequestServices, ct);
            default:
                ThrowError("Unknown event: idempotency_key must start with 'install:' (with api_key) or 'uninstall:' (with uninstalled_at).");
                return Task.CompletedTask;
        }
    }
}
