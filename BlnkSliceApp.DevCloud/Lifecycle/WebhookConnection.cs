using System.Net;
using System.Text.RegularExpressions;
using BlnkSliceApp.DevCloud.Bench;
using BlnkSliceApp.DevCloud.Stripe;

namespace BlnkSliceApp.DevCloud.Lifecycle;

/// <summary>What "Connect webhook" did: the endpoint registered in Stripe, or why not.</summary>
public sealed record WebhookConnectResult(string? EndpointId, string? Url, string? Error)
{
    public bool Succeeded => Error is null;
}

/// <summary>
/// Sets up an install's Stripe webhook the way its user would: launches the portal, reads the
/// endpoint URL and the events from the webhook panel, registers that endpoint on the emulated
/// Stripe account, and pastes its signing secret into the panel's form.
/// </summary>
public static partial class WebhookConnection
{
    const string Panel = "/portal/webhooks";

    public static async Task<WebhookConnectResult> ConnectAsync(DashboardLifecycle lifecycle, StripeEmulator stripe, string installedAppId, CancellationToken ct = default)
    {
        var launch = await lifecycle.LaunchAsync(installedAppId, ct);
        if (launch.PortalUrl is not { } portalUrl)
            return new WebhookConnectResult(null, null, $"The portal could not be launched: {launch.Error}");
        var portal = await PortalDriver.EnterAsync(portalUrl);
        var (status, html) = await portal.GetAsync(Panel);
        if (status != 200 || TestIdText(html, "webhook-url") is not { Length: > 0 } url)
            return new WebhookConnectResult(null, null, $"The portal's webhook panel answered {status} without an endpoint URL.");
        var events = EventCode().Matches(Between(html, "data-testid=\"webhook-events\"", "</ul>")).Select(m => WebUtility.HtmlDecode(m.Groups[1].Value)).ToList();

        var endpoint = stripe.Account.AddWebhookEndpoint(url, events);
        var (saved, answer) = await portal.PostFormAsync(Panel, [new("signing_secret", endpoint.Secret)]);
        if (saved != 200)
        {
            stripe.Account.RemoveWebhookEndpoint(endpoint.Id);
            return new WebhookConnectResult(null, url, $"The portal refused the signing secret ({saved}): {TestIdText(answer, "webhook-field-error") ?? TestIdText(answer, "webhook-error")}");
        }
        return new WebhookConnectResult(endpoint.Id, url, null);
    }

    static string? TestIdText(string html, string testId)
    {
        var match = Regex.Match(html, $"data-testid=\"{testId}\"[^>]*>([^<]*)<");
        return match.Success ? WebUtility.HtmlDecode(match.Groups[1].Value).Trim() : null;
    }

    static string Between(string html, string start, string end)
    {
        var from = html.IndexOf(start, StringComparison.Ordinal);
        if (from < 0) return "";
        var to = html.IndexOf(end, from, StringComparison.Ordinal);
        return to < 0 ? html[from..] : html[from..to];
    }

    [GeneratedRegex("<li><code>([^<]+)</code>")]
    private static partial Regex EventCode();
}
