using BlnkSliceApp.DevCloud.Faults;

namespace BlnkSliceApp.DevCloud.Proof.Faults;

/// <summary>Issue 13's fault mix: one definition for the proof command and the tests.</summary>
public static class ProofFaults
{
    /// <summary>20% of Cloud calls fail (500, 503, 429 with Retry-After, time-outs) and 10% of write answers are lost after Cloud applied them.</summary>
    public static FaultPlan Cloud => new()
    {
        Rate500 = 0.06,
        Rate503 = 0.05,
        Rate429 = 0.05,
        RateTimeout = 0.04,
        RetryAfterSeconds = 1,
        TimeoutHoldMs = 1_500,
        RateLostAnswer = 0.10,
    };

    /// <summary>10% of Stripe calls answered 429 (with Retry-After and Stripe-Should-Retry).</summary>
    public static FaultPlan Stripe => new() { Rate429 = 0.10, RetryAfterSeconds = 1 };
}
