namespace BlnkSliceApp.Shared.Cloud;

/// <summary>How a request may be retried, carried on the request to the retry strategy.</summary>
public enum RetryMode
{
    /// <summary>Repeating the call cannot do anything twice (reads, deterministic ids, references, updates).</summary>
    Any,

    /// <summary>
    /// A create without an idempotency key: retried only when Cloud surely did nothing (429, 503,
    /// connection refused). Other failures come back as OutcomeUnknown so the caller looks first.
    /// </summary>
    OnlyWhenNotCarriedOut,
}

/// <summary>Per-request values the HTTP pipeline reads.</summary>
public static class CloudRequests
{
    public static readonly HttpRequestOptionsKey<CancellationToken> Lifetime = new("blnkslice.install-lifetime");
    public static readonly HttpRequestOptionsKey<string> InstalledAppId = new("blnkslice.installed-app-id");
    public static readonly HttpRequestOptionsKey<RetryMode> Retry = new("blnkslice.retry-mode");

    public const string HttpClientName = "BlnkCloud";
}
