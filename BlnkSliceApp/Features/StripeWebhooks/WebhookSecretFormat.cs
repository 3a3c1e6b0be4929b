namespace BlnkSliceApp.Features.StripeWebhooks;

/// <summary>What an endpoint signing secret looks like: <c>whsec_</c> and letters and digits (Stripe's dashboard and CLI both).</summary>
public static class WebhookSecretFormat
{
    public const string Prefix = "whsec_";
    const int MinLength = 20;
    const int MaxLength = 200;

    public static bool IsWellFormed(string? secret)
    {
        if (string.IsNullOrEmpty(secret) || secret.Length is < MinLength or > MaxLength || !secret.StartsWith(Prefix, StringComparison.Ordinal))
            return false;
        foreach (var c in secret.AsSpan(Prefix.Length))
            if (!char.IsAsciiLetterOrDigit(c))
                return false;
        return true;
    }

    public static string Last4(string secret) => secret.Length >= 4 ? secret[^4..] : "";
}
