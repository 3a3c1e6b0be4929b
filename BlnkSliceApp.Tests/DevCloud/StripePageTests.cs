using System.Text.RegularExpressions;

namespace BlnkSliceApp.Tests.DevCloud;

public sealed partial class StripePageTests(DevCloudFixture devCloud) : IClassFixture<DevCloudFixture>
{
    HttpClient Browser() =>
        new(new HttpClientHandler { UseCookies = true, AllowAutoRedirect = false }) { BaseAddress = devCloud.Handle.DevCloudUrl };

    async Task<string> TokenAsync(HttpClient client) =>
        System.Net.WebUtility.HtmlDecode(TokenField().Match(await client.GetStringAsync("/stripe")).Groups[1].Value);

    [Fact]
    public async Task The_stripe_page_shows_the_account_and_its_balance_but_not_the_key()
    {
        using var client = Browser();
        var stripe = devCloud.Handle.Stripe!;

        var page = await client.GetStringAsync("/stripe");

        Assert.Contains(stripe.AccountId, page);
        Assert.Contains("KWD", page);
        Assert.Contains("JPY", page);
        Assert.DoesNotContain(stripe.SecretKey, page);
    }

    [Fact]
    public async Task Add_activity_creates_new_balance_transactions_in_the_account()
    {
        using var client = Browser();
        var before = devCloud.Handle.Stripe!.Account.Counts.BalanceTransactions;

        var response = await client.PostAsync("/stripe/activity", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["payments"] = "2", ["refunds"] = "1", ["payouts"] = "0", ["customers"] = "0",
            ["__RequestVerificationToken"] = await TokenAsync(client),
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Added: 2 payments", await response.Content.ReadAsStringAsync());
        Assert.True(devCloud.Handle.Stripe.Account.Counts.BalanceTransactions >= before + 3);
    }

    [Fact]
    public async Task Out_of_range_counts_get_a_readable_error_and_change_nothing()
    {
        using var client = Browser();
        var before = devCloud.Handle.Stripe!.Account.Counts.BalanceTransactions;

        var response = await client.PostAsync("/stripe/generate", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["balance_transactions"] = "-5", ["customers"] = "many",
            ["__RequestVerificationToken"] = await TokenAsync(client),
        }));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("Up to 1,000,000", await response.Content.ReadAsStringAsync());
        Assert.Equal(before, devCloud.Handle.Stripe.Account.Counts.BalanceTransactions);
    }

    [Fact]
    public async Task The_stripe_faults_form_needs_its_antiforgery_token_and_then_sets_stripes_faults()
    {
        using var client = Browser();
        Dictionary<string, string> Form(string token) => new()
        {
            ["latency_ms"] = "0", ["percent_500"] = "0", ["percent_503"] = "0", ["percent_429"] = "20", ["percent_timeout"] = "0",
            ["retry_after_seconds"] = "1", ["timeout_hold_ms"] = "1000", ["__RequestVerificationToken"] = token,
        };

        using var forged = await client.PostAsync("/stripe/faults", new FormUrlEncodedContent(Form("")));
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(0, devCloud.Handle.Stripe!.Faults.Rate429);

        using var saved = await client.PostAsync("/stripe/faults", new FormUrlEncodedContent(Form(await TokenAsync(client))));
        try
        {
            Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
            Assert.Equal(0.2, devCloud.Handle.Stripe.Faults.Rate429, precision: 6);
        }
        finally
        {
            devCloud.Handle.Stripe.Faults.Reset();
        }
    }

    [Fact]
    public async Task The_stripe_page_lists_payouts_on_their_way_and_moves_one_on_as_the_bank_would()
    {
        using var client = Browser();
        var account = devCloud.Handle.Stripe!.Account;
        var id = Assert.Single(account.AddActivity(new() { Payments = 0, Refunds = 0, Payouts = 1 }).PayoutIds);

        var page = await client.GetStringAsync("/stripe");
        var token = await TokenAsync(client);
        using var paid = await client.PostAsync($"/stripe/payouts/{id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["action"] = "paid", ["__RequestVerificationToken"] = token,
        }));
        using var refused = await client.PostAsync($"/stripe/payouts/{id}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["action"] = "canceled", ["__RequestVerificationToken"] = token,
        }));

        Assert.Contains($"data-payout=\"{id}\"", page);
        Assert.Contains("Complete reconciliation", page);
        Assert.Equal(HttpStatusCode.OK, paid.StatusCode);
        Assert.Contains($"Payout {id} is now paid", await paid.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("only a pending payout can be canceled", await refused.Content.ReadAsStringAsync());
        Assert.Equal(("paid", "completed"), account.Payouts.Where(p => p.Id == id).Select(p => (p.Status, p.ReconciliationStatus)).Single());
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex TokenField();
}
