using System.Text.RegularExpressions;
using BlnkSliceApp.Features.SyncSettings;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Stripe;
using BlnkSliceApp.Shared.Sync;
using BlnkSliceApp.Shared.Sync.Mapping;
using BlnkSliceApp.Shared.Sync.Repair;
using BlnkSliceApp.Shared.Sync.Store;

namespace BlnkSliceApp.Features.Repair;

/// <summary>One currency's net of a category's postings, as they moved the Stripe balance (minor units, signed).</summary>
public sealed record CurrencyNet(string Currency, long Precision, long Net);

/// <summary>A reporting category with items still posted to (or waiting for) "other".</summary>
/// <param name="Transactions">Distinct Stripe balance transactions.</param>
/// <param name="CanMap">The table has no rule for it (a rule of the install may be set); false for activity raised for a look each time.</param>
/// <param name="Rule">The install's saved rule, when one is (items in flight when it was saved are still here).</param>
public sealed record UnmappedCategory(string Category, int Transactions, IReadOnlyList<CurrencyNet> Totals, long LastCreated, bool CanMap, LedgerRole? Rule);

/// <summary>The rule editor as it was sent, with its errors (422).</summary>
public sealed record RuleForm(string Category, string? Balance, IReadOnlyDictionary<string, string> Errors)
{
    public string? ErrorFor(string field) => Errors.GetValueOrDefault(field);
}

public sealed record RepairView(
    IReadOnlyList<SyncItemRecord> Refused,
    int RefusedTotal,
    int Page,
    int Pages,
    IReadOnlyList<UnmappedCategory> Unmapped,
    SyncPreferences Preferences,
    bool Live,
    string? MissingScope)
{
    public string? Notice { get; init; }
    public string NoticeKind { get; init; } = "ok";
    public RuleForm? Form { get; init; }

    public bool CanRepair => MissingScope is null;

    public string? DashboardLink(string? stripeId) => StripeDashboardLinks.For(stripeId, Live);

    /// <summary>A balance as the rule editor offers it: its role in words and its indicator.</summary>
    public string BalanceLabel(LedgerRole role) => $"{RepairText.Role(role)} ({Preferences.Indicator(role)})";
}

/// <summary>Words of the Repair view.</summary>
public static partial class RepairText
{
    /// <summary>The form value of a balance: the role's name in lower case ("fees", "applicationfees").</summary>
    public static string Value(LedgerRole role) => role.ToString().ToLowerInvariant();

    public static LedgerRole? Parse(string? value)
    {
        var wanted = value?.Trim().ToLowerInvariant();
        foreach (var role in CategoryRules.Choosable)
            if (Value(role) == wanted)
                return role;
        return null;
    }

    public static string Role(LedgerRole role) => role switch
    {
        LedgerRole.Fees => "Fees",
        LedgerRole.Payouts => "Payouts",
        LedgerRole.Tax => "Tax",
        LedgerRole.Topups => "Top-ups",
        LedgerRole.Connect => "Connect",
        LedgerRole.ApplicationFees => "Application fees",
        LedgerRole.Reserves => "Reserves",
        LedgerRole.Issuing => "Issuing",
        LedgerRole.Other => "Other (keep it there, reviewed)",
        _ => role.ToString(),
    };

    /// <summary>Core's reason without the bulk call's wrapping ("transaction at index 3 failed: ..."), as a sentence.</summary>
    public static string Reason(string? reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
            return "Blnk gave no reason.";
        var text = BulkPrefix().Replace(reason.Trim(), "");
        text = char.ToUpperInvariant(text[0]) + text[1..];
        return text.EndsWith('.') ? text : text + ".";
    }

    [GeneratedRegex(@"^transaction at index \d+ failed:\s*", RegexOptions.IgnoreCase)]
    private static partial Regex BulkPrefix();
}

/// <summary>The Repair view's reads: the app's own records, no Cloud or Stripe call.</summary>
public sealed class RepairViews(RepairItems items, CategoryRules rules, PreferencesStore preferences, SyncStates states)
{
    /// <summary>A category with more unmapped items than this is summed over its first ones (and says so).</summary>
    const int MaxUnmappedRead = 20_000;

    public RepairView For(InstallRecord install, int page)
    {
        var installId = install.InstalledAppId;
        var total = items.RefusedCount(installId);
        var pages = Math.Max(1, (total + RepairRoutes.PageSize - 1) / RepairRoutes.PageSize);
        page = Math.Clamp(page, 1, pages);
        var refused = items.Refused(installId, (page - 1) * RepairRoutes.PageSize, RepairRoutes.PageSize);
        return new RepairView(refused, total, page, pages, Unmapped(installId), preferences.Get(installId),
            states.Get(installId).StripeLive == true, RepairPermission.Missing(install));
    }

    IReadOnlyList<UnmappedCategory> Unmapped(string installId)
    {
        var saved = rules.For(installId);
        return items.Unmapped(installId).Take(MaxUnmappedRead)
            .GroupBy(item => item.Category, StringComparer.Ordinal)
            .Select(group => new UnmappedCategory(
                group.Key,
                group.Select(item => item.BalanceTransactionId).Distinct(StringComparer.Ordinal).Count(),
                group.Where(item => item.Source == LedgerRole.Other || item.Destination == LedgerRole.Other)
                    .GroupBy(item => item.Currency, StringComparer.Ordinal)
                    .OrderBy(currency => currency.Key, StringComparer.Ordinal)
                    .Select(currency => new CurrencyNet(currency.Key, currency.First().Precision,
                        currency.Sum(item => item.Source == LedgerRole.Other ? -item.PreciseAmount : item.PreciseAmount)))
                    .ToList(),
                group.Max(item => item.Created),
                CategoryRules.MayHaveRule(group.Key),
                saved.TryGetValue(group.Key, out var rule) ? rule : null))
            .OrderByDescending(category => category.LastCreated)
            .ToList();
    }

    /// <summary>Whether the install has anything unmapped of this category (what the rule editor may be sent for).</summary>
    public bool HasUnmapped(string installId, string category) => items.Unmapped(installId, category).Any();
}
