using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Web;
using FastEndpoints;
using Microsoft.AspNetCore.Http.Features;
using Stripe;

namespace BlnkSliceApp.Features.StripeWebhooks.Receive;

/// <summary>
/// Stripe's delivery of one event to an install's endpoint. The signature is checked with
/// Stripe.net against the install's signing secret and the app's clock (five minutes'
/// tolerance); an event id seen before starts nothing. A verified event only asks for a
/// debounced run: the run reads the balance transactions, never the event's content.
/// Every refusal is the same 400, whatever the reason (an unknown endpoint, an uninstalled
/// install, no secret, a wrong or stale signature), so the answer tells an outsider nothing.
/// </summary>
public sealed class Endpoint(
    WebhookEndpoints endpoints,
    ReceivedEvents received,
    WebhookRuns runs,
    InstallDirectory installs,
    TimeProvider time,
    ILogger<Endpoint> logger) : EndpointWithoutRequest
{
    /// <summary>Stripe's events are a few kilobytes; a large charge with its expansions stays far below this.</summary>
    public const int MaxBodyBytes = 256 * 1024;

    /// <summary>Stripe's own default: a signature older (or newer) than this is refused, so a copied delivery soon stops working.</summary>
    public const long ToleranceSeconds = 300;

    const string Refusal = "The Stripe-Signature of this delivery does not verify for this endpoint (no signing secret saved for it, a different secret, a changed body, or a timestamp more than 5 minutes from the app's clock).";

    public override void Configure()
    {
        Post(WebhookRoutes.Receive);
        AllowAnonymous();
        Options(route => route.RequireRateLimiting(RateLimits.StripeWebhooks));
    }

    public override async Task HandleAsync(CancellationToken ct)
    {
        var endpointId = Route<string>("endpointId", isRequired: false);
        if (HttpContext.Request.ContentLength > MaxBodyBytes)
        {
            await SendProblemAsync(StatusCodes.Status413PayloadTooLarge, $"A Stripe event must be at most {MaxBodyBytes / 1024} KiB.");
            return;
        }
        if (HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            limit.MaxRequestBodySize = MaxBodyBytes;
        var json = await ReadBodyAsync(ct);
        if (json is null)
        {
            await SendProblemAsync(StatusCodes.Status413PayloadTooLarge, $"A Stripe event must be at most {MaxBodyBytes / 1024} KiB.");
            return;
        }

        var record = endpoints.FindByEndpointId(endpointId);
        var secret = record is not null && installs.FindActive(record.InstalledAppId) is not null ? endpoints.OpenSecret(record) : null;
        var signature = HttpContext.Request.Headers["Stripe-Signature"].ToString();
        if (record is null || secret is null || string.IsNullOrEmpty(signature))
        {
            // The header and the secret are never logged; which of the three was missing is.
            logger.LogInformation("Stripe webhook refused: {Reason}", record is null ? "unknown endpoint" : secret is null ? $"install {record.InstalledAppId} has no usable signing secret or is not installed" : "no Stripe-Signature header");
            await SendProblemAsync(StatusCodes.Status400BadRequest, Refusal);
            return;
        }

        Event stripeEvent;
        try
        {
            stripeEvent = EventUtility.ConstructEvent(json, signature, secret, ToleranceSeconds, time.GetUtcNow().ToUnixTimeSeconds(), throwOnApiVersionMismatch: false);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            // StripeException for the signature and timestamp, a JSON reader's exception for a signed body that is not an event.
            logger.LogInformation("Stripe webhook for {InstalledAppId} refused: {Reason}", record.InstalledAppId, error is StripeException ? error.Message : "the signed body is not a Stripe event");
            await SendProblemAsync(StatusCodes.Status400BadRequest, Refusal);
            return;
        }
        if (string.IsNullOrEmpty(stripeEvent.Id) || stripeEvent.Id.Length > 255)
        {
            await SendProblemAsync(StatusCodes.Status400BadRequest, "The event has no id.");
            return;
        }

        if (!received.TryRecord(record.InstalledAppId, stripeEvent.Id))
        {
            logger.LogInformation("Stripe event {EventId} for {InstalledAppId} was delivered before; ignored", stripeEvent.Id, record.InstalledAppId);
            await Send.OkAsync(new Response("duplicate"), ct);
            return;
        }
        endpoints.RecordEvent(record.InstalledAppId, stripeEvent.Type ?? "");
        if (!WebhookEventTypes.StartsRun(stripeEvent.Type))
        {
            await Send.OkAsync(new Response("ignored"), ct);
            return;
        }
        runs.Notify(record.InstalledAppId);
        logger.LogInformation("Stripe event {EventId} ({EventType}) for {InstalledAppId}: a run is due", stripeEvent.Id, stripeEvent.Type, record.InstalledAppId);
        await Send.OkAsync(new Response("run_due"), ct);
    }

    /// <summary>The body as text, or null when it is longer than the limit (a chunked body has no Content-Length).</summary>
    async Task<string?> ReadBodyAsync(CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await HttpContext.Request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
                return null;
            buffer.Write(chunk, 0, read);
        }
        try
        {
            return new System.Text.UTF8Encoding(false, throwOnInvalidBytes: true).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }
        catch (ArgumentException)
        {
            // Not UTF-8: it cannot be what Stripe signed.
            return "";
        }
    }

    Task SendProblemAsync(int status, string detail) => Send.ResultAsync(Results.Problem(statusCode: status, detail: detail, instance: HttpContext.Request.Path));
}

/// <param name="Outcome">run_due, ignored (an event the sync does not use) or duplicate (an id seen before).</param>
public sealed record Response(string Outcome)
{
    public bool Received => true;
}
