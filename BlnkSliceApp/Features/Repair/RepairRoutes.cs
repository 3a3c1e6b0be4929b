namespace BlnkSliceApp.Features.Repair;

public static class RepairRoutes
{
    /// <summary>GET: the refused postings (?page=N, 25 a page) and the categories without a rule.</summary>
    public const string Panel = "/portal/repair";

    /// <summary>POST: retry one refused posting (<c>reference</c>) or all of them (<c>all=true</c>).</summary>
    public const string Retry = "/portal/repair/retry";

    /// <summary>POST: map an unmapped category (<c>category</c>) to a balance (<c>balance</c>).</summary>
    public const string Rules = "/portal/repair/rules";

    public const int PageSize = 25;

    public static string PageOf(int page) => page <= 1 ? Panel : $"{Panel}?page={page}";

    /// <summary>The Transactions view's row button posts with no form: the reference travels in the query.</summary>
    public static string RetryOf(string reference) => $"{Retry}?reference={Uri.EscapeDataString(reference)}&from=transactions";
}
