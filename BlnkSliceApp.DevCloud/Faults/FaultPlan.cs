namespace BlnkSliceApp.DevCloud.Faults;

/// <summary>
/// What an emulated API does wrong, on purpose. Rates are shares of requests (0..1),
/// drawn independently per request; they are mutable at run time from the page and tests.
/// </summary>
public sealed class FaultPlan
{
    public int LatencyMs { get; set; }

    /// <summary>
    /// Added per object of a list answer that expands anything (Stripe emulator only), in microseconds:
    /// Stripe's cost grows with the objects it expands (about 1 ms each), on top of <see cref="LatencyMs"/>.
    /// </summary>
    public int LatencyPerExpandedObjectMicros { get; set; }
    public double Rate500 { get; set; }
    public double Rate503 { get; set; }
    public double Rate429 { get; set; }
    public double RateTimeout { get; set; }

    /// <summary>Seconds advertised in Retry-After on an injected 429.</summary>
    public int RetryAfterSeconds { get; set; } = 1;

    /// <summary>
    /// The Stripe-Should-Retry header of the Stripe emulator's injected 429s: true (the default),
    /// false (Stripe asks the client not to retry), or null to leave the header out.
    /// </summary>
    public bool? StripeShouldRetry { get; set; } = true;

    /// <summary>How long an injected time-out holds the request before dropping it.</summary>
    public int TimeoutHoldMs { get; set; } = 30_000;

    /// <summary>
    /// The Cloud API answers 404 on <c>/proxy/transactions/bulk</c>, as a Cloud (or Core) without
    /// the bulk route would; the app must fall back to single posts.
    /// </summary>
    public bool BulkRouteMissing { get; set; }

    /// <summary>
    /// Share of write calls (POST, PUT) that Cloud carries out and whose answer is then lost: the
    /// connection drops as the answer would go out, as when a gateway times out after the work is done.
    /// </summary>
    public double RateLostAnswer { get; set; }

    /// <summary>The answers of this many of the next bulk posts are lost the same way (a deterministic test of that path).</summary>
    public int LoseNextBulkAnswers { get; set; }

    public bool IsQuiet => LatencyMs == 0 && LatencyPerExpandedObjectMicros == 0 && Rate500 == 0 && Rate503 == 0 && Rate429 == 0 && RateTimeout == 0 && !BulkRouteMissing && RateLostAnswer == 0 && LoseNextBulkAnswers == 0;

    public void CopyFrom(FaultPlan other)
    {
        LatencyMs = other.LatencyMs;
        LatencyPerExpandedObjectMicros = other.LatencyPerExpandedObjectMicros;
        Rate500 = other.Rate500;
        Rate503 = other.Rate503;
        Rate429 = other.Rate429;
        RateTimeout = other.RateTimeout;
        RetryAfterSeconds = other.RetryAfterSeconds;
        TimeoutHoldMs = other.TimeoutHoldMs;
        BulkRouteMissing = other.BulkRouteMissing;
        StripeShouldRetry = other.StripeShouldRetry;
        RateLostAnswer = other.RateLostAnswer;
        LoseNextBulkAnswers = other.LoseNextBulkAnswers;
    }

    public void Reset() => CopyFrom(new FaultPlan());
}
