using System.Text;
using System.Text.Json;
using BlnkSliceApp.DevCloud.Stripe.Objects;
using BlnkSliceApp.DevCloud.Stripe.Webhooks;

namespace BlnkSliceApp.DevCloud.Stripe;

/// <summary>
/// Webhooks: endpoints registered on the account, and an event for each change the sync
/// cares about (a charge, refund, dispute, payout and its status, a customer deleted...),
/// shaped as Stripe's (<c>evt_</c> id, <c>object: event</c>, type, created, data.object as the
/// object is now, livemode, api_version) and handed to <see cref="WebhookDelivery"/>. Events are
/// made only while an endpoint is registered, so seeding a large account costs nothing.
/// </summary>
public sealed partial class StripeAccountState
{
    /// <summary>The API version events are written in: what the emulated account was set to.</summary>
    public const string EventApiVersion = "2025-11-17.clover";

    const int KeptEvents = 1_000;

    readonly List<WebhookEndpoint> _webhookEndpoints = [];
    readonly LinkedList<StripeEvent> _events = new();

    /// <summary>Where events go; set by the emulator when it starts.</summary>
    internal WebhookDelivery? Delivery { get; set; }

    public IReadOnlyList<WebhookEndpoint> WebhookEndpoints => Read(() => _webhookEndpoints.ToArray());

    /// <summary>The latest events, newest last.</summary>
    public IReadOnlyList<StripeEvent> Events => Read(() => _events.ToArray());

    /// <summary>Registers an endpoint as Stripe's dashboard does; the answer holds its signing secret.</summary>
    public WebhookEndpoint AddWebhookEndpoint(string url, IReadOnlyList<string>? enabledEvents = null)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException("url must be an absolute http(s) URL.");
        var events = enabledEvents is { Count: > 0 } ? enabledEvents.ToArray() : ["*"];
        if (events.Any(e => string.IsNullOrWhiteSpace(e) || e.Length > 100))
            throw new ArgumentException("enabled_events must be event types such as charge.succeeded, or *.");
        return Write(s =>
        {
            var endpoint = new WebhookEndpoint(s._ids.Next("we_", 24), url, s._ids.Next("whsec_", 32), events, s.Now);
            s._webhookEndpoints.Add(endpoint);
            return endpoint;
        });
    }

    public bool RemoveWebhookEndpoint(string id) => Write(s => s._webhookEndpoints.RemoveAll(e => e.Id == id) > 0);

    /// <summary>An event about <paramref name="record"/> as it is now; the caller holds the lock.</summary>
    internal void Emit(string type, StripeRecord record)
    {
        if (_webhookEndpoints.Count == 0 || _bulk)
            return;
        var id = _ids.Next("evt_", 24);
        var now = Now;
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("object", "event");
            json.WriteString("api_version", EventApiVersion);
            json.WriteNumber("created", now);
            json.WriteStartObject("data");
            json.WritePropertyName("object");
            new ObjectWriter(json, Resolve, now).WriteObject(record, Expansion.None);
            json.WriteEndObject();
            json.WriteBoolean("livemode", false);
            json.WriteNumber("pending_webhooks", _webhookEndpoints.Count(e => e.Wants(type)));
            json.WriteStartObject("request");
            json.WriteNull("id");
            json.WriteNull("idempotency_key");
            json.WriteEndObject();
            json.WriteString("type", type);
            json.WriteEndObject();
        }
        var stripeEvent = new StripeEvent(id, type, now, record.Id, Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        _events.AddLast(stripeEvent);
        if (_events.Count > KeptEvents)
            _events.RemoveFirst();
        Delivery?.Enqueue(stripeEvent, _webhookEndpoints);
    }

    /// <summary>The event a newly stored object makes, if any (balance transactions have none of their own).</summary>
    void EmitCreated(StripeRecord record)
    {
        switch (record)
        {
            case ChargeRecord charge:
                Emit("charge.succeeded", charge);
                break;
            case RefundRecord refund when ChargeTable.Find(refund.ChargeId) is { } charge:
                Emit("charge.refunded", charge);
                break;
            case DisputeRecord dispute:
                Emit("charge.dispute.created", dispute);
                break;
            case PayoutRecord payout:
                Emit("payout.created", payout);
                break;
            case CustomerRecord customer:
                Emit("customer.created", customer);
                break;
            case TopupRecord topup:
                Emit("topup.succeeded", topup);
                break;
            case TransferRecord transfer:
                Emit("transfer.created", transfer);
                break;
        }
    }

    /// <summary>The event of a payout's new status, as Stripe names them.</summary>
    void EmitPayoutStatus(PayoutRecord payout) => Emit(payout.Status switch
    {
        "paid" => "payout.paid",
        "failed" => "payout.failed",
        "canceled" => "payout.canceled",
        _ => "payout.updated",
    }, payout);
}
