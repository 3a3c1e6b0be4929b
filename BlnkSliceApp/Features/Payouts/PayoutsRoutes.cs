namespace BlnkSliceApp.Features.Payouts;

public static class PayoutsRoutes
{
    /// <summary>GET: the install's payouts, newest first (<c>?page=</c>).</summary>
    public const string Panel = "/portal/payouts";

    /// <summary>GET: one payout with its transactions by category.</summary>
    public const string Detail = "/portal/payouts/{PayoutId}";

    /// <summary>POST: a download link for the payout's transactions as CSV (answered as HX-Redirect to it).</summary>
    public const string Csv = "/portal/payouts/{PayoutId}/csv";

    public static string DetailOf(string payoutId) => $"{Panel}/{Uri.EscapeDataString(payoutId)}";

    public static string CsvOf(string payoutId) => $"{DetailOf(payoutId)}/csv";

    public static string PageOf(int page) => page <= 1 ? Panel : $"{Panel}?page={page}";
}
