using System.Text;

namespace BlnkSliceApp.Features.Transactions;

public static class TransactionsRoutes
{
    /// <summary>GET: the synced postings, newest first, filtered and searched (see <see cref="List.Request"/>).</summary>
    public const string Panel = "/portal/transactions";

    /// <summary>The view's address for a query, a cursor and a direction: what the pager and the filters link to.</summary>
    public static string For(TransactionQuery query, string? cursor = null, bool newer = false, int page = 1)
    {
        var parts = new List<(string, string?)>
        {
            ("from", query.FromText), ("to", query.ToText), ("currency", query.Currency), ("category", query.Category),
            ("customer", query.Customer), ("q", query.Search), ("cursor", cursor), ("dir", cursor is null ? null : newer ? "newer" : "older"),
            ("page", page > 1 && cursor is not null ? page.ToString(System.Globalization.CultureInfo.InvariantCulture) : null),
        };
        var text = new StringBuilder(Panel);
        var first = true;
        foreach (var (name, value) in parts.Where(p => !string.IsNullOrEmpty(p.Item2)))
        {
            text.Append(first ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value!));
            first = false;
        }
        return text.ToString();
    }
}
