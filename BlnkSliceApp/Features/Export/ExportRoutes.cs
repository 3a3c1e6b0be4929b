using BlnkSliceApp.Features.Transactions;

namespace BlnkSliceApp.Features.Export;

public static class ExportRoutes
{
    /// <summary>POST: a download link for the CSV of the Transactions view, filtered as its query string says.</summary>
    public const string Transactions = "/portal/export/transactions";

    /// <summary>POST: a download link for the CSV of the postings one run settled.</summary>
    public const string RunPattern = "/portal/export/runs/{runId}";

    public static string Run(string runId) => $"/portal/export/runs/{Uri.EscapeDataString(runId)}";

    /// <summary>The export of exactly what the view shows (its filters, not its page).</summary>
    public static string TransactionsOf(TransactionQuery query) =>
        Transactions + TransactionsRoutes.For(query)[TransactionsRoutes.Panel.Length..];
}
