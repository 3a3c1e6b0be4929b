namespace BlnkSliceApp.Features.StripeConnection;

public static class StripeRoutes
{
    public const string Panel = "/portal/stripe";
    public const string Remove = "/portal/stripe/remove";
}
