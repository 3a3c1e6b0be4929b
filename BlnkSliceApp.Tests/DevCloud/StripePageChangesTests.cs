using System.Net;
using System.Text.RegularExpressions;

namespace BlnkSliceApp.Tests.DevCloud;

/// <summary>The Stripe page's buttons that change the past, and its rate-limit figures.</summary>
public sealed partial class StripePageChangesTests(DevCloudFixture devCloud) : IClassFixture<DevCloudFixture>
{
    HttpClient Browser() =>
        new(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = devCloud.Handle.DevCloudUrl };

    async Task<string> TokenAsync(HttpClient client) =>
        WebUtility.HtmlDecode(TokenField().Match(await client.GetStringAsync("/stripe")).Groups[1].Value);

    async Task<HttpResponseMessage> PostAsync(HttpClient client, string url, Dictionary<string, string> form)
    {
        form["__RequestVerificationToken"] = await TokenAsync(client);
        return await client.PostAsync(url, new FormUrlEncodedContent(form));
    }

    [Fact]
    public async Task The_page_shows_the_seeded_open_disputes_with_their_next_steps_and_the_rate_limit()
    {
        using var client = Browser();
        var stripe = devCloud.Handle.Stripe!;
        var open = stripe.Account.Disputes.First(d => d.Status == "needs_response");

        var page = new AngleSharp.Html.Parser.HtmlParser().ParseDocument(await client.GetStringAsync("/stripe"));

        var row = page.QuerySelector($"[data-testid=stripe-disputes] [data-dispute={open.Id}]")!;
        Assert.Equal(["under_review", "won", "lost"], row.QuerySelectorAll("button").Select(b => b.TextContent));
        var limit = page.QuerySelector("[data-testid=stripe-rate-limit]")!.TextContent;
        Assert.Contains($"{stripe.RateLimit.RequestsPerSecond} requests a second", limit);
        Assert.Contains("Answered 429", limit);
    }

    [Fact]
    public async Task A_dispute_is_opened_and_moved_on_from_the_page_and_a_wrong_step_is_a_readable_error()
    {
        using var client = Browser();
        var account = devCloud.Handle.Stripe!.Account;
        var charge = account.Charges.Last(c => !c.Disputed && c.PaymentMethodType == "card" && c.Status == "succeeded" && c.AmountRefunded == 0);

        using var opened = await PostAsync(client, "/stripe/disputes", new() { ["charge"] = charge.Id });
        var dispute = account.Disputes.Single(d => d.ChargeId == charge.Id);
        using var moved = await PostAsync(client, $"/stripe/disputes/{dispute.Id}", new() { ["status"] = "lost" });
        using var wrong = await PostAsync(client, $"/stripe/disputes/{dispute.Id}", new() { ["status"] = "won" });

        Assert.Equal(HttpStatusCode.OK, opened.StatusCode);
        Assert.Equal("lost", dispute.Status);
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Contains("final", await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_customer_is_updated_and_deleted_from_the_page()
    {
        using var client = Browser();
        var account = devCloud.Handle.Stripe!.Account;
        var customer = account.AddCustomer("page.before@example.com", "Page Before");

        using var updated = await PostAsync(client, $"/stripe/customers/{customer.Id}", new()
        {
            ["action"] = "update", ["email"] = "page.after@example.com", ["name"] = "Page After",
        });
        var afterUpdate = (customer.Email, customer.Name);
        using var deleted = await PostAsync(client, $"/stripe/customers/{customer.Id}", new() { ["action"] = "delete" });

        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        Assert.Equal(("page.after@example.com", "Page After"), afterUpdate);
        Assert.Equal(HttpStatusCode.OK, deleted.StatusCode);
        Assert.True(customer.Deleted);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
