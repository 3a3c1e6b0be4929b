namespace BlnkSliceApp.Shared.Sync.Customers;

/// <summary>
/// The app keeps everything it writes to meta_data under one top-level key, so it never clashes
/// with the user's keys or other apps'.
/// </summary>
public static class SyncMetadata
{
    public const string Key = "stripe_sync";
    public const string InstalledAppId = "installed_app_id";
    public const string StripeCustomerId = "stripe_customer_id";
    public const string StripeAccountId = "stripe_account_id";
    public const string Purpose = "purpose";
    public const string LedgerPurpose = "stripe_customer_balances";

    /// <summary>A Data API filter on one of our metadata fields.</summary>
    public static string Filter(string field, string op = "eq") => $"meta_data.{Key}.{field}_{op}";
}
