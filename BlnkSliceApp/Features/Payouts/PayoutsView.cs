using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Sync.Payouts;

namespace BlnkSliceApp.Features.Payouts;

/// <summary>One page of the install's payouts, newest first.</summary>
public sealed record PayoutsView(IReadOnlyList<PayoutRecord> Payouts, int Page, int PageCount, int Total, DateTimeOffset Now)
{
    public bool HasNewer => Page > 1;
    public bool HasOlder => Page < PageCount;
}

/// <summary>A payout's transactions of one reporting category: how many, and their amount, fees and net in minor units.</summary>
public sealed record PayoutCategoryTotal(string Category, int Count, long Amount, long Fee, long Net);

/// <summary>A payout opened: its facts, its transactions by category with totals, and the first of its transactions.</summary>
public sealed record PayoutDetailView(
    PayoutRecord Payout,
    IReadOnlyList<PayoutCategoryTotal> Categories,
    PayoutCategoryTotal Total,
    IReadOnlyList<PayoutItemRecord> Items,
    int MoreItems);

public sealed class PayoutViews(PayoutStore store, TimeProvider time)
{
    public const int PageSize = 25;
    public const int ItemsShown = 100;

    public PayoutsView For(InstallRecord install, int page)
    {
        var total = store.Count(install.InstalledAppId);
        var pageCount = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pageCount);
        return new PayoutsView(store.Page(install.InstalledAppId, (page - 1) * PageSize, PageSize), page, pageCount, total, time.GetUtcNow());
    }

    /// <summary>Null when the install has no such payout.</summary>
    public PayoutDetailView? Detail(InstallRecord install, string payoutId)
    {
        if (store.Get(install.InstalledAppId, payoutId) is not { } payout)
            return null;
        var shown = new List<PayoutItemRecord>(ItemsShown);
        var byCategory = new Dictionary<string, (int Count, long Amount, long Fee, long Net)>(StringComparer.Ordinal);
        var count = 0;
        // The payout's own transaction is listed with the others but is not part of what it paid out.
        foreach (var item in store.ItemsOf(install.InstalledAppId, payoutId).Where(item => !item.IsPayoutItself))
        {
            count++;
            if (shown.Count < ItemsShown) shown.Add(item);
            var sum = byCategory.GetValueOrDefault(item.Category);
            byCategory[item.Category] = (sum.Count + 1, sum.Amount + item.Amount, sum.Fee + item.Fee, sum.Net + item.Net);
        }
        var categories = byCategory
            .Select(pair => new PayoutCategoryTotal(pair.Key, pair.Value.Count, pair.Value.Amount, pair.Value.Fee, pair.Value.Net))
            .OrderByDescending(total => Math.Abs(total.Net))
            .ThenBy(total => total.Category, StringComparer.Ordinal)
            .ToList();
        var all = new PayoutCategoryTotal("", count, categories.Sum(c => c.Amount), categories.Sum(c => c.Fee), categories.Sum(c => c.Net));
        return new PayoutDetailView(payout, categories, all, shown, count - shown.Count);
    }
}
