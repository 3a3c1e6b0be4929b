namespace BlnkSliceApp.Shared.Cloud;

/// <summary>Resilience of Cloud calls, bound from the "CloudClient" configuration section (tests shorten them).</summary>
public sealed class CloudClientOptions
{
    public const string Section = "CloudClient";

    /// <summary>One attempt that takes longer is abandoned and (when safe) tried again.</summary>
    public double AttemptTimeoutSeconds { get; set; } = 20;

    /// <summary>Attempts after the first one, for 5xx, 408, 429 and time-outs.</summary>
    public int MaxRetries { get; set; } = 6;

    /// <summary>First back-off delay; it doubles with jitter up to <see cref="MaxRetryDelaySeconds"/>.</summary>
    public double RetryDelayMilliseconds { get; set; } = 500;

    public double MaxRetryDelaySeconds { get; set; } = 30;

    /// <summary>A Retry-After longer than this is shortened to it, so a bad header cannot park a run for hours.</summary>
    public double MaxRetryAfterSeconds { get; set; } = 60;
}
