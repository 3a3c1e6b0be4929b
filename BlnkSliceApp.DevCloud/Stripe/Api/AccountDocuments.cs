using System.Text.Json;
using BlnkSliceApp.DevCloud.Stripe.Objects;

namespace BlnkSliceApp.DevCloud.Stripe.Api;

/// <summary>The two singletons: the balance (summed, never stored) and the account itself.</summary>
static class AccountDocuments
{
    public static void WriteBalance(Utf8JsonWriter json, StripeBalance balance)
    {
        json.WriteStartObject();
        json.WriteString("object", "balance");
        WriteAmounts(json, "available", balance.Available);
        json.WriteBoolean("livemode", false);
        WriteAmounts(json, "pending", balance.Pending);
        // Stripe's other balances, for accounts that have them: Issuing reports what is available, prefunding both.
        if (balance.BalanceTypeNames.Contains(BalanceTypes.Issuing))
        {
            json.WriteStartObject("issuing");
            WriteAmounts(json, "available", Sum(balance.AvailableOf(BalanceTypes.Issuing), balance.PendingOf(BalanceTypes.Issuing)));
            json.WriteEndObject();
        }
        if (balance.BalanceTypeNames.Contains(BalanceTypes.RefundAndDisputePrefunding))
        {
            json.WriteStartObject("refund_and_dispute_prefunding");
            WriteAmounts(json, "available", balance.AvailableOf(BalanceTypes.RefundAndDisputePrefunding));
            WriteAmounts(json, "pending", balance.PendingOf(BalanceTypes.RefundAndDisputePrefunding));
            json.WriteEndObject();
        }
        json.WriteEndObject();
    }

    /// <summary>Issuing funds are spendable once they land; the emulator books them available at once, so this only guards the invariant.</summary>
    static SortedDictionary<string, long> Sum(IReadOnlyDictionary<string, long> a, IReadOnlyDictionary<string, long> b) =>
        new(a.Keys.Union(b.Keys).ToDictionary(c => c, c => a.GetValueOrDefault(c) + b.GetValueOrDefault(c)), StringComparer.Ordinal);

    static void WriteAmounts(Utf8JsonWriter json, string name, IReadOnlyDictionary<string, long> amounts)
    {
        json.WriteStartArray(name);
        foreach (var (currency, amount) in amounts)
        {
            json.WriteStartObject();
            json.WriteNumber("amount", amount);
            json.WriteString("currency", currency);
            json.WriteStartObject("source_types");
            json.WriteNumber("card", amount);
            json.WriteEndObject();
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    public static void WriteAccount(Utf8JsonWriter json, string accountId, long created)
    {
        const string name = "BlnkSlice Emulated Shop";
        json.WriteStartObject();
        json.WriteString("id", accountId);
        json.WriteString("object", "account");
        json.WriteStartObject("business_profile");
        json.WriteNull("mcc");
        json.WriteString("name", name);
        json.WriteNull("support_email");
        json.WriteNull("url");
        json.WriteEndObject();
        json.WriteString("business_type", "company");
        json.WriteStartObject("capabilities");
        json.WriteString("card_payments", "active");
        json.WriteString("transfers", "active");
        json.WriteEndObject();
        json.WriteBoolean("charges_enabled", true);
        json.WriteString("country", "US");
        json.WriteNumber("created", created);
        json.WriteString("default_currency", "usd");
        json.WriteBoolean("details_submitted", true);
        json.WriteString("email", "owner@shop.example.com");
        json.WriteStartObject("metadata");
        json.WriteEndObject();
        json.WriteBoolean("payouts_enabled", true);
        json.WriteStartObject("settings");
        json.WriteStartObject("dashboard");
        json.WriteString("display_name", name);
        json.WriteString("timezone", "Etc/UTC");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteString("type", "standard");
        json.WriteEndObject();
    }
}
