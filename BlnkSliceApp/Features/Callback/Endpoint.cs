using BlnkSliceApp.Features.Install;
using BlnkSliceApp.Features.Uninstall;
using BlnkSliceApp.Shared.Hosting;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Web;
using FastEndpoints;

namespace BlnkSliceApp.Features.Callback;

/// <summary>
/// Blnk Cloud's registration callback. It only tells the events apart and hands each to its
/// slice as a command; no network calls here (Cloud waits about 10 seconds).
/// </summary>
public sealed class Endpoint : Endpoint<Request, Response>
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
                return new InstallCommand(request.InstalledAppId, request.AppId, request.InstanceId, request.ApiKey,
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
