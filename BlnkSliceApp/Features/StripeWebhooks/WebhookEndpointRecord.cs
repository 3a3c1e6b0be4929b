using BlnkSliceApp.Shared.Crypto;
using LiteDB;

namespace BlnkSliceApp.Features.StripeWebhooks;

/// <summary>
/// An install's Stripe webhook endpoint once the user pasted its signing secret (sealed like
/// the Stripe key), with the public id in its URL and the last event it verified.
/// </summary>
public sealed class WebhookEndpointRecord
{
    public const string Collection = "stripe_webhook_endpoints";

    [BsonId] public string InstalledAppId { get; set; } = "";

    /// <summary>The path segment of the endpoint's URL (see <see cref="WebhookEndpoints.EndpointIdOf"/>).</summary>
    public string EndpointId { get; set; } = "";

    /// <summary>The signing secret (<c>whsec_...</c>), sealed; null until pasted, and after removal.</summary>
    public SealedSecret? Secret { get; set; }
    public string? SecretLast4 { get; set; }
    public long? SecretSavedAt { get; set; }

    /// <summary>The last verified event: when it arrived and its type, for the portal.</summary>
    public long? LastEventAt { get; set; }
    public string? LastEventType { get; set; }

    public long CreatedAt { get; set; }

    /// <summary>Associated data for the sealed secret: it only opens for its own install.</summary>
    public static string SecretContext(string installedAppId) => $"stripe-webhook-secret:{installedAppId}";
}
