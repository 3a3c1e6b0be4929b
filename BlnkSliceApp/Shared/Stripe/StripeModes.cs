namespace BlnkSliceApp.Shared.Stripe;

/// <summary>Test and live are separate balances of one Stripe account id: an install mirrors one of them.</summary>
public static class StripeModes
{
    public static string Name(bool live) => live ? "live" : "test";

    public static string Mismatch(bool syncedLive) =>
        $"This install has synced Stripe's {Name(syncedLive)} mode; a {Name(!syncedLive)} key would mix {Name(!syncedLive)} activity into the same ledger. " +
        $"Use a {Name(syncedLive)} key (sk_{Name(syncedLive)}_... or rk_{Name(syncedLive)}_...), or install the app again for {Name(!syncedLive)} mode.";
}
