namespace BlnkSliceApp.DevCloud.Stripe.Webhooks;

/// <summary>
/// A webhook endpoint registered on the emulated account, as Stripe's dashboard makes one: a
/// URL, the events it wants (<c>*</c> for all) and the signing secret Stripe shows once.
/// </summary>
public sealed record WebhookEndpoint(string Id, string Url, string Secret, IReadOnlyList<string> EnabledEvents, long Created)
{
    public bool Wants(string type) => EnabledEvents.Contains("*") || EnabledEvents.Contains(type);

    /// <summary>What the dashboard and lists may show: never the secret.</summary>
    public object Public => new { id = Id, @object = "webhook_endpoint", url = Url, enabled_events = EnabledEvents, created = Created, status = "enabled" };

    public override string ToString() => $"webhook endpoint {Id} ({Url})";
}

/// <summary>An event as Stripe sends it: the whole JSON, written when the account changed.</summary>
public sealed record StripeEvent(string Id, string Type, long Created, string ObjectId, string Json);

/// <summary>One delivery attempt, for the Stripe page and tests.</summary>
/// <param name="Outcome">delivered, failed (a retry follows), gave up, or lost (the "lose" switch dropped it).</param>
public sealed record WebhookAttempt(string EventId, string Type, string EndpointId, int Attempt, int? Status, string Outcome, DateTimeOffset At);
