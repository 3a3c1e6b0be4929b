namespace BlnkSliceApp.Shared.Stripe;

public enum StripeKeySource { Install, Environment }

/// <summary>
/// A Stripe key in plain text for outgoing calls, with what may be shown about it.
/// <see cref="ToString"/> is overridden so a logged or interpolated record never shows the key.
/// </summary>
public sealed record StripeCredentials(string SecretKey, string? AccountId, bool Live, string Last4, StripeKeySource Source = StripeKeySource.Install)
{
    public string Mode => Live ? "live" : "test";

    public static StripeCredentials FromKey(string secretKey, string? accountId, StripeKeySource source) =>
        new(secretKey, accountId, StripeKeyFormat.IsLive(secretKey), StripeKeyFormat.Last4(secretKey), source);

    public override string ToString() => $"Stripe {Mode} key ...{Last4} (account {AccountId ?? "unknown"}, {Source})";
}

/// <summary>What Stripe keys look like: secret (sk_) or restricted (rk_), test or live.</summary>
public static class StripeKeyFormat
{
    const int MinLength = 20;
    const int MaxLength = 255;

    public static bool IsWellFormed(string? key)
    {
        if (string.IsNullOrEmpty(key) || key.Length is < MinLength or > MaxLength)
            return false;
        if (!(key.StartsWith("sk_test_", StringComparison.Ordinal) || key.StartsWith("sk_live_", StringComparison.Ordinal)
              || key.StartsWith("rk_test_", StringComparison.Ordinal) || key.StartsWith("rk_live_", StringComparison.Ordinal)))
            return false;
        foreach (var c in key)
            if (!(char.IsAsciiLetterOrDigit(c) || c == '_'))
                return false;
        return true;
    }

    public static bool IsLive(string key) => key.StartsWith("sk_live_", StringComparison.Ordinal) || key.StartsWith("rk_live_", StringComparison.Ordinal);

    public static string Last4(string key) => key.Length >= 4 ? key[^4..] : "";

    /// <summary>Stripe's own masking ("sk_test_********abcd"): safe for logs and messages.</summary>
    public static string Mask(string key)
    {
        var second = key.IndexOf('_', Math.Max(0, key.IndexOf('_') + 1));
        var prefix = second is > 0 and <= 8 ? key[..(second + 1)] : "";
        return prefix + "********" + (key.Length - prefix.Length >= 12 ? key[^4..] : "");
    }

    /// <summary>A SHA-256 of the key: what caches and budgets hold instead of the key itself.</summary>
    public static string Fingerprint(string key) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key)));

    /// <summary>Removes the key from a text that may quote it (an error message from a server, say).</summary>
    public static string Scrub(string text, string key) =>
        string.IsNullOrEmpty(key) ? text : text.Replace(key, Mask(key), StringComparison.Ordinal);
}
