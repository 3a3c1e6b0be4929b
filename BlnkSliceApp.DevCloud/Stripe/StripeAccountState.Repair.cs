using System.Text.RegularExpressions;
using BlnkSliceApp.DevCloud.Stripe.Objects;
using BlnkSliceApp.DevCloud.Stripe.Seeding;

namespace BlnkSliceApp.DevCloud.Stripe;

/// <summary>Activity of a kind the app's mapping table does not know, to try the portal's Repair view.</summary>
public sealed partial class StripeAccountState
{
    public const string DefaultUnmappedCategory = "devcloud_new_product";

    /// <summary>
    /// A balance transaction dated now whose <c>reporting_category</c> the app has no rule for
    /// (Stripe adds categories as it adds products): the app posts it to "other" and alerts.
    /// </summary>
    public BalanceTransactionRecord AddUnmappedActivity(string? category = null, string currency = "usd", long amount = 1_234)
    {
        category = string.IsNullOrWhiteSpace(category) ? DefaultUnmappedCategory : category.Trim();
        if (!Regex.IsMatch(category, "^[a-z][a-z0-9_]{0,59}$"))
            throw new ArgumentException("A category is lower-case letters, digits and _, starting with a letter (like new_product).");
        if (!CurrencyRules.Seeded.Contains(currency))
            throw new ArgumentException($"currency must be one of {string.Join(", ", CurrencyRules.Seeded)}.");
        if (amount == 0 || Math.Abs(amount) > 100_000_000)
            throw new ArgumentException("amount must be non-zero, at most 100000000 minor units either way.");
        return Write(s => s.CreateAdjustment(s._ids, currency, amount, s.Now, $"DevCloud: {category.Replace('_', ' ')} activity", "adjustment", category));
    }
}
