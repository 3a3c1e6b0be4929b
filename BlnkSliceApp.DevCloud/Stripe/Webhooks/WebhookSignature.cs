using System.Security.Cryptography;
using System.Text;

namespace BlnkSliceApp.DevCloud.Stripe.Webhooks;

/// <summary>
/// Stripe's signature scheme: <c>Stripe-Signature: t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256
/// of "t.payload"&gt;</c>, keyed with the whole <c>whsec_...</c> secret as UTF-8. Written here from
/// Stripe's documentation, not with Stripe.net, so the app's check is tested against another implementation.
/// </summary>
public static class WebhookSignature
{
    public static string Header(string secret, string payload, long timestamp)
    {
        var signed = Encoding.UTF8.GetBytes($"{timestamp}.{payload}");
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), signed);
        return $"t={timestamp},v1={Convert.ToHexStringLower(mac)}";
    }
}
