using BlnkSliceApp.DevCloud.Stripe.Objects;

namespace BlnkSliceApp.DevCloud.Stripe;

/// <summary>Changes to customers after they were created, as the dashboard or <c>POST /v1/customers/{id}</c> makes them.</summary>
public sealed partial class StripeAccountState
{
    /// <summary>
    /// Sets the customer's email and/or name (null leaves a field as it is, "" clears it, as
    /// Stripe's update does). A deleted customer cannot be updated: Stripe answers resource_missing.
    /// </summary>
    public CustomerRecord UpdateCustomer(string customerId, string? email, string? name) => Write(s =>
    {
        var customer = s.CustomerTable.Find(customerId) ?? throw new KeyNotFoundException($"No such customer: '{customerId}'");
        if (customer.Deleted) throw new KeyNotFoundException($"No such customer: '{customerId}' (it was deleted)");
        if (email is { Length: > 0 } && (email.Length > 512 || !email.Contains('@')))
            throw new ArgumentException("email must be an email address (at most 512 characters).");
        if (name is { Length: > 256 }) throw new ArgumentException("name must be at most 256 characters.");
        if (email is not null) customer.Email = email.Length == 0 ? null : email;
        if (name is not null) customer.Name = name.Length == 0 ? null : name;
        s.Emit("customer.updated", customer);
        return customer;
    });

    /// <summary>A new customer, created now (tests and the dashboard name its details).</summary>
    public CustomerRecord AddCustomer(string? email, string? name) => Write(s => s.CreateCustomer(s._ids, s.Now, email, name, null));

    /// <summary>A card payment by this customer, dated now.</summary>
    public ChargeRecord AddPayment(string customerId, string currency, long amount) => Write(s =>
    {
        var customer = s.CustomerTable.Find(customerId) ?? throw new KeyNotFoundException($"No such customer: '{customerId}'");
        return s.CreatePayment(s._ids, s.Now, currency, amount, customer);
    });

    /// <summary>A refund of part of a charge, dated now (a deleted customer's charge can still be refunded).</summary>
    public RefundRecord AddRefund(string chargeId, long amount) => Write(s =>
    {
        var charge = s.ChargeTable.Find(chargeId) ?? throw new KeyNotFoundException($"No such charge: '{chargeId}'");
        return s.CreateRefund(s._ids, charge, amount, s.Now);
    });
}
