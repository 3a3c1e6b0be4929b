using BlnkSliceApp.DevCloud.Stripe.Webhooks;
using Microsoft.AspNetCore.Http;

namespace BlnkSliceApp.DevCloud.Stripe.Api;

/// <summary>
/// The webhook controls: <c>/_devcloud/webhook_endpoints</c> (register, list, delete, as the
/// Stripe dashboard does), <c>/_devcloud/webhooks/lose</c> (drop the next events) and
/// <c>/_devcloud/webhooks/deliveries</c> (every attempt).
/// </summary>
public sealed partial class ControlEndpoints
{
    public WebhookDelivery? Webhooks { get; init; }

    async Task<object?> WebhookRouteAsync(HttpContext context, string method, string[] segments)
    {
        var delivery = Webhooks ?? throw new InvalidOperationException("Webhook delivery is not running.");
        return (method, segments[1], segments.Length) switch
        {
            ("GET", "webhook_endpoints", 2) => new { @object = "list", data = account.WebhookEndpoints.Select(e => e.Public).ToList() },
            ("POST", "webhook_endpoints", 2) => Register(await ReadAsync<EndpointRequest>(context)
                ?? throw new ArgumentException("The body must name the endpoint's url, for example {\"url\": \"https://.../stripe/webhooks/...\"}.")),
            ("DELETE", "webhook_endpoints", 3) => account.RemoveWebhookEndpoint(segments[2])
                ? new { id = segments[2], deleted = true }
                : throw new KeyNotFoundException($"No such webhook endpoint: '{segments[2]}'"),
            ("POST", "webhooks", 3) when segments[2] == "lose" => Lose(delivery, await ReadAsync<LoseRequest>(context) ?? new LoseRequest()),
            ("GET", "webhooks", 3) when segments[2] == "deliveries" => new { pending = delivery.Pending, lose_next = delivery.LoseNext, attempts = delivery.Attempts },
            ("GET", "webhooks", 3) when segments[2] == "events" => new { data = account.Events.Select(e => new { id = e.Id, type = e.Type, created = e.Created, @object = e.ObjectId }).ToList() },
            _ => null,
        };
    }

    /// <summary>The one answer that carries the signing secret, as Stripe shows it once at creation.</summary>
    object Register(EndpointRequest request)
    {
        var endpoint = account.AddWebhookEndpoint(request.Url ?? throw new ArgumentException("url is required."), request.EnabledEvents);
        return new { id = endpoint.Id, @object = "webhook_endpoint", url = endpoint.Url, enabled_events = endpoint.EnabledEvents, secret = endpoint.Secret };
    }

    static object Lose(WebhookDelivery delivery, LoseRequest request)
    {
        if (request.Count is < 0 or > 1000)
            throw new ArgumentOutOfRangeException(nameof(request.Count), "count must be between 0 and 1000.");
        delivery.LoseNext = request.Count;
        return new { lose_next = delivery.LoseNext };
    }

    sealed record EndpointRequest
    {
        public string? Url { get; init; }
        public List<string>? EnabledEvents { get; init; }
    }

    sealed record LoseRequest
    {
        public int Count { get; init; } = 1;
    }
}
