using System.Net;
using Stripe;

namespace BlnkSliceApp.Tests.DevCloud.Stripe;

public sealed class ErrorTests : EmulatorTest
{
    [Fact]
    public async Task An_unknown_key_gets_Stripe_s_401_without_the_key_in_the_message()
    {
        const string key = "sk_test_51NotARealKeyAtAllButLongEnough9876";

        var error = await Assert.ThrowsAsync<StripeException>(() => Client(key).V1.Balance.GetAsync());

        Assert.Equal(HttpStatusCode.Unauthorized, error.HttpStatusCode);
        Assert.Equal("invalid_request_error", error.StripeError.Type);
        Assert.StartsWith("Invalid API Key provided: sk_test_", error.StripeError.Message);
        Assert.EndsWith("9876", error.StripeError.Message);
        Assert.DoesNotContain(key, error.Message);
        Assert.DoesNotContain("NotARealKey", error.StripeError.Message);
    }

    [Fact]
    public async Task A_request_without_a_key_gets_401()
    {
        using var http = new HttpClient { BaseAddress = Emulator.BaseUrl };

        var response = await http.GetAsync("/v1/charges");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("You did not provide an API key", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_restricted_key_reads_and_a_narrower_one_is_refused_with_403()
    {
        const string narrow = "rk_test_51OnlyChargesMayBeRead000000";
        Emulator.Keys.RegisterRestrictedKey(narrow, ["charges"]);

        var balance = await Client(Emulator.RestrictedKey).V1.Balance.GetAsync();
        var charges = await Client(narrow).V1.Charges.ListAsync();
        var error = await Assert.ThrowsAsync<StripeException>(() => Client(narrow).V1.Customers.ListAsync());

        Assert.NotEmpty(balance.Available);
        Assert.NotEmpty(charges.Data);
        Assert.Equal(HttpStatusCode.Forbidden, error.HttpStatusCode);
        Assert.DoesNotContain(narrow, error.StripeError.Message);
    }

    [Fact]
    public async Task A_limit_above_one_hundred_is_refused_with_400_naming_the_parameter()
    {
        var error = await Assert.ThrowsAsync<StripeException>(() =>
            Client().V1.BalanceTransactions.ListAsync(new BalanceTransactionListOptions { Limit = 500 }));

        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("limit", error.StripeError.Param);
        Assert.Equal("invalid_request_error", error.StripeError.Type);
    }

    [Fact]
    public async Task An_unknown_starting_after_is_refused_with_400()
    {
        var error = await Assert.ThrowsAsync<StripeException>(() =>
            Client().V1.Charges.ListAsync(new ChargeListOptions { StartingAfter = "ch_doesnotexist" }));

        Assert.Equal(HttpStatusCode.BadRequest, error.HttpStatusCode);
        Assert.Equal("starting_after", error.StripeError.Param);
        Assert.Equal("resource_missing", error.StripeError.Code);
    }

    [Theory]
    [InlineData("/v1/charges?limit=abc", "limit")]
    [InlineData("/v1/charges?colour=blue", "colour")]
    [InlineData("/v1/charges?created[gt]=yesterday", "created[gt]")]
    [InlineData("/v1/charges?starting_after=ch_a&ending_before=ch_b", "ending_before")]
    public async Task Bad_parameters_are_refused_with_400_in_Stripe_s_error_shape(string url, string param)
    {
        using var http = RawClient();

        var response = await http.GetAsync(url);
        using var body = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var error = body.RootElement.GetProperty("error");
        Assert.Equal("invalid_request_error", error.GetProperty("type").GetString());
        Assert.Equal(param, error.GetProperty("param").GetString());
        Assert.False(string.IsNullOrEmpty(error.GetProperty("message").GetString()));
    }

    [Fact]
    public async Task An_unknown_id_is_404_resource_missing()
    {
        var error = await Assert.ThrowsAsync<StripeException>(() => Client().V1.Payouts.GetAsync("po_doesnotexist"));

        Assert.Equal(HttpStatusCode.NotFound, error.HttpStatusCode);
        Assert.Equal("resource_missing", error.StripeError.Code);
        Assert.Equal("No such payout: 'po_doesnotexist'", error.StripeError.Message);
    }

    [Fact]
    public async Task Writes_and_unknown_paths_are_unrecognized_urls()
    {
        using var http = RawClient();

        var post = await http.PostAsync("/v1/charges", new FormUrlEncodedContent([new("amount", "100")]));
        var unknown = await http.GetAsync("/v1/subscriptions");

        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("Unrecognized request URL", await unknown.Content.ReadAsStringAsync());
    }
}
