using System.Globalization;
using System.Text.Json.Nodes;

namespace BlnkSliceApp.Shared.Sync.Customers;

/// <summary>
/// The Stripe customer's facts kept in the identity's meta_data.stripe_sync: its email, name
/// and phone as Stripe has them (whatever the identity's own fields say), and its deletion.
/// A deleted customer's last known details stay: Stripe answers for it with a stub.
/// </summary>
public static class CustomerMetadata
{
    public const string Email = "stripe_customer_email";
    public const string Name = "stripe_customer_name";
    public const string Phone = "stripe_customer_phone";
    public const string Deleted = "stripe_customer_deleted";
    public const string DeletedNotedAt = "stripe_customer_deleted_noted_at";
    public const string UpdatedAt = "stripe_customer_updated_at";

    public static void Apply(JsonObject fields, StripeCustomerInfo customer, DateTimeOffset now)
    {
        if (customer.Deleted)
        {
            if (fields[Deleted] is null)
            {
                fields[Deleted] = true;
                fields[DeletedNotedAt] = Stamp(now);
            }
            return;
        }
        fields[Email] = customer.Email?.Trim();
        fields[Name] = customer.Name?.Trim();
        fields[Phone] = customer.Phone?.Trim();
    }

    public static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
