using System.Collections.Concurrent;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace BlnkSliceApp.DevCloud.Stripe.Api;

/// <summary>
/// The keys the emulated account accepts. Only test-mode keys: the emulator must never look
/// like a place to send a live key. Keys are never echoed whole, only masked as Stripe does.
/// </summary>
public sealed class ApiKeys(string accountId)
{
    readonly ConcurrentDictionary<string, IReadOnlySet<string>?> _keys = new(StringComparer.Ordinal);
    readonly ConcurrentDictionary<string, string> _merchantOfKey = new(StringComparer.Ordinal);

    public void RegisterSecretKey(string key)
    {
        if (!key.StartsWith("sk_test_", StringComparison.Ordinal) || key.Length < 20)
            throw new ArgumentException("A secret key must start with sk_test_ and be at least 20 characters.", nameof(key));
        _keys[key] = null;
    }

    /// <param name="resources">Resource paths the key may read (for example "charges"); null for all.</param>
    public void RegisterRestrictedKey(string key, IEnumerable<string>? resources = null)
    {
        if (!key.StartsWith("rk_test_", StringComparison.Ordinal) || key.Length < 20)
            throw new ArgumentException("A restricted key must start with rk_test_ and be at least 20 characters.", nameof(key));
        _keys[key] = resources?.ToHashSet(StringComparer.Ordinal) ?? AllResources;
    }

    public bool Revoke(string key) => _keys.TryRemove(key, out _);

    /// <summary>
    /// A secret key of another merchant whose account holds the same activity (the capacity
    /// benchmark's hundred merchants): Stripe answers it with its own account id and counts its
    /// requests against its own rate limit.
    /// </summary>
    public void RegisterMerchantKey(string key, string merchantAccountId)
    {
        RegisterSecretKey(key);
        _merchantOfKey[key] = merchantAccountId;
    }

    /// <summary>The account the request's key belongs to: a merchant's of <see cref="RegisterMerchantKey"/>, else the emulated account's.</summary>
    public string AccountOf(HttpRequest request) =>
        ReadKey(request) is { } key && _merchantOfKey.TryGetValue(key, out var merchant) ? merchant : accountId;

    static readonly IReadOnlySet<string> AllResources = StripeRouter.ResourceNames.ToHashSet(StringComparer.Ordinal);

    /// <summary>The request carries one of the account's keys: it counts against the account's rate limit.</summary>
    public bool Identifies(HttpRequest request) => ReadKey(request) is { } key && _keys.ContainsKey(key);

    /// <summary>Checks the request's key may read <paramref name="resource"/>, or throws Stripe's 401/403.</summary>
    public void Authorize(HttpRequest request, string resource)
    {
        var key = ReadKey(request)
            ?? throw new StripeApiException(401, "invalid_request_error",
                "You did not provide an API key. You need to provide your API key in the Authorization header, " +
                "using Bearer auth (e.g. 'Authorization: Bearer YOUR_SECRET_KEY'). See https://stripe.com/docs/api#authentication for details, " +
                "or we can help at https://support.stripe.com/.");
        if (!_keys.TryGetValue(key, out var allowed))
            throw new StripeApiException(401, "invalid_request_error", "Invalid API Key provided: " + Mask(key), "api_key_invalid");
        if (allowed is not null && !allowed.Contains(resource))
            throw new StripeApiException(403, "invalid_request_error",
                $"The provided key '{Mask(key)}' does not have the required permissions for this endpoint on account '{accountId}'. " +
                $"Having the 'rak_{resource}_read' permission would allow this request to continue.", "secret_key_required");
    }

    static string? ReadKey(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            return NullIfEmpty(header[7..].Trim());
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            // Stripe also takes the key as the basic-auth user name with an empty password.
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..].Trim()));
                return NullIfEmpty(decoded.Split(':', 2)[0]);
            }
            catch (FormatException)
            {
                return null;
            }
        }
        return null;
    }

    static string? NullIfEmpty(string value) => value.Length == 0 ? null : value;

    /// <summary>Stripe's masking: the kind prefix, stars, and at most the last four characters.</summary>
    public static string Mask(string key)
    {
        var second = key.IndexOf('_', key.IndexOf('_') + 1);
        var prefix = second is > 0 and <= 8 ? key[..(second + 1)] : "";
        var rest = key.Length - prefix.Length;
        var tail = rest >= 12 ? key[^4..] : "";
        return prefix + "********" + tail;
    }
}
