namespace BlnkSliceApp.Features.StripeWebhooks;

public static class WebhookRoutes
{
    /// <summary>Where Stripe delivers an install's events; public (Stripe signs each delivery).</summary>
    public const string Receive = "/stripe/webhooks/{endpointId}";
    public const string ReceivePrefix = "/stripe/webhooks";

    public const string Panel = "/portal/webhooks";
    public const string Remove = "/portal/webhooks/remove";

    public static string UrlFor(Uri publicBaseUrl, string endpointId) =>
        publicBaseUrl.ToString().TrimEnd('/') + ReceivePrefix + "/" + endpointId;
}
