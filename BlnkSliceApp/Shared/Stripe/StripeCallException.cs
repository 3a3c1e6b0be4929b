namespace BlnkSliceApp.Shared.Stripe;

/// <summary>
/// A Stripe call failed. The message is written for a person (it names what was attempted and
/// Stripe's reason) and never holds the key: Stripe masks keys itself and the gateway scrubs
/// whatever it quotes.
/// </summary>
public sealed class StripeCallException(string message, int? httpStatus = null, string? stripeCode = null, string? stripeErrorType = null, Exception? inner = null)
    : Exception(message, inner)
{
    /// <summary>The HTTP status Stripe answered; null when no answer came (network failure, time-out).</summary>
    public int? HttpStatus { get; } = httpStatus;
    public string? StripeCode { get; } = stripeCode;
    public string? StripeErrorType { get; } = stripeErrorType;

    /// <summary>The key itself was refused (401) or lacks a permission (403): retrying will not help.</summary>
    public bool IsKeyProblem => HttpStatus is 401 or 403;
}
