using Microsoft.Extensions.Http.Resilience;
using Polly;

namespace BlnkSliceApp.Shared.Stripe;

/// <summary>
/// Which failed Stripe attempts are tried again. Stripe says so itself in
/// <c>Stripe-Should-Retry</c> when it knows (true: retry even a 409 lock timeout; false: do
/// not retry even a 429 or 5xx); without that header, the transient failures are retried
/// (5xx, 408, 429, time-outs, dropped connections). The app only reads, so a retry never
/// repeats a write. A 429's Retry-After sets the wait (see the "stripe" HttpClient).
/// </summary>
public static class StripeRetry
{
    public const string ShouldRetryHeader = "Stripe-Should-Retry";

    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome)
    {
        if (outcome.Result is { } response
            && response.Headers.TryGetValues(ShouldRetryHeader, out var values)
            && values.FirstOrDefault() is { } said)
            return string.Equals(said.Trim(), "true", StringComparison.OrdinalIgnoreCase);
        return HttpClientResiliencePredicates.IsTransient(outcome);
    }

    /// <summary>The wait a response's Retry-After asks for (seconds or a date); null when it names none.</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        if (response.Headers.RetryAfter is not { } header) return null;
        var wait = header.Delta ?? (header.Date is { } date ? date - DateTimeOffset.UtcNow : null);
        return wait is { } delay ? (delay < TimeSpan.Zero ? TimeSpan.Zero : delay) : null;
    }
}
