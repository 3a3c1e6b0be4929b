using System.Text.RegularExpressions;
using BlnkSliceApp.Features.StripeWebhooks;
using BlnkSliceApp.Shared.Installs;

namespace BlnkSliceApp.Tests.Features.StripeWebhooks;

/// <summary>DevCloud's dashboard buttons: Connect webhook for an install, and the Stripe page's "lose the next events".</summary>
public sealed partial class DashboardWebhookTests(WebhookHarness harness) : IClassFixture<WebhookHarness>
{
    HttpClient Browser() =>
        new(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = harness.DevCloud.DevCloudUrl };

    async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> form)
    {
        form["__RequestVerificationToken"] = System.Net.WebUtility.HtmlDecode(TokenField().Match(await client.GetStringAsync("/stripe")).Groups[1].Value);
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task Connect_webhook_registers_the_install_s_endpoint_in_Stripe_and_saves_its_secret_in_the_portal()
    {
        var install = await harness.DevCloud.InstallAsync([Scopes.DataRead, Scopes.DataWrite]);
        using var client = Browser();

        using var answer = await PostAsync(client, $"/installs/{install.InstalledAppId}/webhook", []);

        Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        var record = harness.Service<WebhookEndpoints>().Find(install.InstalledAppId);
        Assert.NotNull(record?.Secret);
        var endpoint = Assert.Single(harness.DevCloud.Stripe!.Account.WebhookEndpoints, e => e.Url.EndsWith(record!.EndpointId, StringComparison.Ordinal));
        Assert.Equal(endpoint.Secret[^4..], record!.SecretLast4);
        Assert.Contains("charge.dispute.created", endpoint.EnabledEvents);
        var page = await answer.Content.ReadAsStringAsync();
        Assert.Contains(endpoint.Id, page);
        Assert.DoesNotContain(endpoint.Secret, page);
    }

    [Fact]
    public async Task The_lose_switch_drops_the_next_event_and_a_bad_count_is_a_readable_error()
    {
        using var client = Browser();
        using var set = await PostAsync(client, "/stripe/webhooks/lose", new() { ["count"] = "2" });
        using var bad = await PostAsync(client, "/stripe/webhooks/lose", new() { ["count"] = "-1" });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(2, harness.DevCloud.Stripe!.Webhooks.LoseNext);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("0 to 1000", await bad.Content.ReadAsStringAsync());
        harness.DevCloud.Stripe.Webhooks.LoseNext = 0;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
