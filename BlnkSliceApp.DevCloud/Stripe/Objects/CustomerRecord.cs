namespace BlnkSliceApp.DevCloud.Stripe.Objects;

public sealed class CustomerRecord : StripeRecord
{
    /// <summary>Changed by <c>StripeAccountState.UpdateCustomer</c>, as a dashboard edit or <c>POST /v1/customers/{id}</c> would.</summary>
    public string? Email { get; internal set; }
    public string? Name { get; internal set; }
    public string? Phone { get; init; }
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>Stripe keeps answering for a deleted customer, but only with a stub.</summary>
    public bool Deleted { get; internal set; }

    public override string ObjectName => "customer";

    internal override void WriteFields(ObjectWriter w, Expansion expand)
    {
        var j = w.Json;
        if (Deleted)
        {
            j.WriteBoolean("deleted", true);
            return;
        }
        j.WriteNull("address");
        j.WriteNumber("balance", 0);
        j.WriteNumber("created", Created);
        j.WriteNull("currency");
        j.WriteNull("default_source");
        j.WriteBoolean("delinquent", false);
        j.WriteNull("description");
        w.StringOrNull("email", Email);
        j.WriteString("invoice_prefix", Id.Length >= 12 ? Id[4..12].ToUpperInvariant() : "INV00001");
        j.WriteStartObject("invoice_settings");
        j.WriteNull("custom_fields");
        j.WriteNull("default_payment_method");
        j.WriteNull("footer");
        j.WriteNull("rendering_options");
        j.WriteEndObject();
        w.Common();
        w.Metadata(Metadata);
        w.StringOrNull("name", Name);
        j.WriteNumber("next_invoice_sequence", 1);
        w.StringOrNull("phone", Phone);
        j.WriteStartArray("preferred_locales");
        j.WriteEndArray();
        j.WriteNull("shipping");
        j.WriteString("tax_exempt", "none");
        j.WriteNull("test_clock");
    }
}
