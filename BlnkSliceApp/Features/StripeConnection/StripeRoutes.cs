namespace BlnkSliceApp.Features.StripeConnection;

public static class StripeRoutes
{
    public const string Panel = "/portal/stripe";
    public const string Remove = "/portal/stripe/remove";

    /// <summary>Raised (HX-Trigger) after a key is connected, replaced or removed, for panels that depend on it.</summary>
    public const string ChangedEvent = "stripe-changed";
}
