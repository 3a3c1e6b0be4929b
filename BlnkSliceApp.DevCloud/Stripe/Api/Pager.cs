using BlnkSliceApp.DevCloud.Stripe.Objects;

namespace BlnkSliceApp.DevCloud.Stripe.Api;

/// <summary>
/// Stripe's cursor paging over a table kept oldest first: pages run newest first,
/// <c>starting_after</c> walks to older objects, <c>ending_before</c> to newer ones.
/// Only the objects on the page (plus one, for has_more) are visited when nothing is filtered.
/// </summary>
public static class Pager
{
    public static (List<StripeRecord> Page, bool HasMore) Page(
        IRecordTable table, StripeQuery query, string noun, Func<StripeRecord, bool> include)
    {
        var lo = query.CreatedFrom == long.MinValue ? 0 : table.LowerBound(query.CreatedFrom);
        var hi = query.CreatedTo == long.MaxValue ? table.Count : table.LowerBound(query.CreatedTo + 1);
        var page = new List<StripeRecord>(query.Limit + 1);

        if (query.EndingBefore is { } before)
        {
            var start = Math.Max(lo, Cursor(table, before, noun, "ending_before") + 1);
            for (var i = start; i < hi && page.Count <= query.Limit; i++)
                if (include(table[i])) page.Add(table[i]);
            var moreNewer = page.Count > query.Limit;
            if (moreNewer) page.RemoveAt(page.Count - 1);
            page.Reverse();
            return (page, moreNewer);
        }

        var end = query.StartingAfter is { } after ? Math.Min(hi, Cursor(table, after, noun, "starting_after")) : hi;
        for (var i = end - 1; i >= lo && page.Count <= query.Limit; i--)
            if (include(table[i])) page.Add(table[i]);
        var moreOlder = page.Count > query.Limit;
        if (moreOlder) page.RemoveAt(page.Count - 1);
        return (page, moreOlder);
    }

    static int Cursor(IRecordTable table, string id, string noun, string param)
    {
        var record = table.Find(id)
            ?? throw StripeApiException.BadRequest($"No such {noun}: '{id}'", param, "resource_missing");
        return table.IndexOf(record);
    }
}
