namespace BlnkSliceApp.Shared.Stripe;

/// <summary>
/// Where a Stripe object opens in Stripe's Dashboard, in the mode its data lives in (test data
/// under <c>/test</c>). Objects with a page of their own open it; any other id opens the
/// Dashboard's search for it, which finds every kind of object.
/// </summary>
public static class StripeDashboardLinks
{
    const string Base = "https://dashboard.stripe.com";

    static readonly (string Prefix, string Path)[] Pages =
    [
        ("ch_", "payments"), ("py_", "payments"), ("pi_", "payments"),
        ("cus_", "customers"), ("po_", "payouts"), ("dp_", "disputes"), ("du_", "disputes"),
        ("tr_", "connect/transfers"), ("tu_", "topups"),
    ];

    /// <summary>Null for ids the app does not make (nothing to link), and for anything not shaped like a Stripe id.</summary>
    public static string? For(string? stripeId, bool live)
    {
        if (string.IsNullOrEmpty(stripeId) || stripeId.Length > 255 || !stripeId.All(c => char.IsAsciiLetterOrDigit(c) || c == '_'))
            return null;
        var mode = live ? "" : "/test";
        foreach (var (prefix, path) in Pages)
            if (stripeId.StartsWith(prefix, StringComparison.Ordinal))
                return $"{Base}{mode}/{path}/{stripeId}";
        return stripeId.Contains('_') ? $"{Base}{mode}/search?query={Uri.EscapeDataString(stripeId)}" : null;
    }
}
