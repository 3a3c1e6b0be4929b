using System.Net;
using Polly;
using Polly.Timeout;

namespace BlnkSliceApp.Shared.Cloud;

/// <summary>Which failed attempts are tried again, and after how long.</summary>
public static class CloudRetry
{
    public static bool ShouldRetry(Outcome<HttpResponseMessage> outcome, ResilienceContext context)
    {
        var mode = context.GetRequestMessage() is { } request && request.Options.TryGetValue(CloudRequests.Retry, out var chosen)
            ? chosen
            : RetryMode.Any;

        if (outcome.Result is { } response)
        {
            var status = (int)response.StatusCode;
            // 429 and 503 mean Cloud turned the call away before doing anything.
            if (status is 429 or 503) return true;
            return mode == RetryMode.Any && (status >= 500 || status == (int)HttpStatusCode.RequestTimeout);
        }

        return outcome.Exception switch
        {
            InstallEndedException => false,
            TimeoutRejectedException => mode == RetryMode.Any,
            HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError } => true,
            HttpRequestException => mode == RetryMode.Any,
            _ => false,
        };
    }

    /// <summary>Why an attempt failed, as a metric label: the status code, "timeout" or "connection" (a handful of values).</summary>
    public static string Reason(Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Result: { } response } => ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture),
        { Exception: TimeoutRejectedException } => "timeout",
        _ => "connection",
    };

    /// <summary>Cloud's Retry-After when it sent one (capped); otherwise the exponential back-off decides.</summary>
    public static TimeSpan? RetryAfter(Outcome<HttpResponseMessage> outcome, TimeSpan cap, TimeProvider time)
    {
        if (outcome.Result?.Headers.RetryAfter is not { } header) return null;
        var delay = header.Delta ?? (header.Date is { } date ? date - time.GetUtcNow() : null);
        if (delay is not { } wait) return null;
        if (wait < TimeSpan.Zero) wait = TimeSpan.Zero;
        return wait > cap ? cap : wait;
    }
}
