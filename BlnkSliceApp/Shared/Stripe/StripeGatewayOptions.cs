namespace BlnkSliceApp.Shared.Stripe;

/// <summary>
/// How patiently the app talks to Stripe; configuration section <c>Stripe:</c>
/// (for example <c>Stripe__MaxRetries</c> in the environment). Tests shorten the delays.
/// </summary>
public sealed class StripeGatewayOptions
{
    public const string Section = "Stripe";

    /// <summary>Retries after the first attempt, on 5xx, 429, time-outs and connection failures.</summary>
    public int MaxRetries { get; set; } = 4;

    /// <summary>First back-off delay; it doubles per retry, with jitter. A 429's Retry-After wins over it.</summary>
    public int RetryBaseDelayMs { get; set; } = 500;

    /// <summary>No single wait between attempts is longer than this, Retry-After included.</summary>
    public int MaxRetryDelayMs { get; set; } = 30_000;

    public int AttemptTimeoutMs { get; set; } = 30_000;

    /// <summary>All attempts of one call together, waits included.</summary>
    public int TotalTimeoutMs { get; set; } = 180_000;

    /// <summary>Stripe allows 25 requests/s in test mode and 100/s live; stay under both.</summary>
    public int TestRequestsPerSecond { get; set; } = 20;

    public int LiveRequestsPerSecond { get; set; } = 90;
}
