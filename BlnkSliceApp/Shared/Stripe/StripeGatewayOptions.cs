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

    /// <summary>
    /// Requests per second per Stripe account in test mode, shared by every key and run of the
    /// account (Stripe allows 25/s in test mode): the rest is left to the merchant's own use.
    /// </summary>
    public int TestRequestsPerSecond { get; set; } = 20;

    /// <summary>The same in live mode (Stripe allows 100/s): half, so the merchant's checkout always has room.</summary>
    public int LiveRequestsPerSecond { get; set; } = 50;

    /// <summary>Requests per second to one endpoint (GET /v1/customers/{id}, say) per account; Stripe allows 25/s by default.</summary>
    public int EndpointRequestsPerSecond { get; set; } = 20;

    /// <summary>Requests to one endpoint of one account in flight at once.</summary>
    public int EndpointConcurrency { get; set; } = 8;

    /// <summary>
    /// Balance transactions per page of a run's listing (Stripe allows 1 to 100). Fewer only
    /// make more calls; the crash proof uses them to reach points inside a part of the window.
    /// </summary>
    public int ListPageSize { get; set; } = 100;
}
