using BlnkSliceApp.Shared.Stripe;
using Microsoft.AspNetCore.WebUtilities;
using Stripe;

namespace BlnkSliceApp.Tests.Shared.Stripe;

/// <summary>
/// The gateway's two listings of balance transactions over real HTTP and the app's "stripe"
/// HttpClient: the request Stripe.net sends, the page the app reads, and Stripe's refusals turned
/// into the same errors as every other Stripe call.
/// </summary>
public sealed class BalanceTransactionListingTests(StripeStandInApp stand) : IClassFixture<StripeStandInApp>
{
    const long From = 1_740_000_000, To = 1_740_086_400;
    const string ChargeWhat = "read Stripe charge ch_probe";

    StripeGateway Gateway => stand.Gateway;

    /// <summary>Stripe.net's own client, for what it sends and how it reports an answer.</summary>
    StripeClient StripeNet() => new(new StripeClientOptions { ApiKey = stand.Key, ApiBase = stand.Stripe.BaseUrl.ToString().TrimEnd('/') });

    static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> Query(string call) => QueryHelpers.ParseQuery(new Uri("http://x" + call).Query);

    [Fact]
    public async Task The_run_s_listing_asks_with_the_query_Stripe_net_sends()
    {
        stand.Stripe.Answers(200, """{"object": "list", "data": [], "has_more": false}""");
        await Gateway.ListBalanceTransactionsAsync(stand.Credentials, From, To, "txn_after", CancellationToken.None);
        var ours = Assert.Single(stand.Stripe.Calls);
        await StripeNet().V1.BalanceTransactions.ListAsync(new BalanceTransactionListOptions
        {
            Limit = 100,
            Created = new DateRangeOptions { GreaterThanOrEqual = DateTimeOffset.FromUnixTimeSeconds(From).UtcDateTime, LessThan = DateTimeOffset.FromUnixTimeSeconds(To).UtcDateTime },
            StartingAfter = "txn_after",
            Expand = ["data.source", "data.source.charge", "data.source.customer", "data.source.charge.customer"],
        });
        var stripeNet = stand.Stripe.Calls[^1];

        Assert.Equal(stripeNet, ours);
        var query = Query(ours);
        Assert.StartsWith("/v1/balance_transactions?", ours);
        Assert.Equal("100", query["limit"]);
        Assert.Equal(From.ToString(), query["created[gte]"]);
        Assert.Equal(To.ToString(), query["created[lt]"]);
        Assert.Equal("txn_after", query["starting_after"]);
        Assert.Equal(["data.source", "data.source.charge", "data.source.customer", "data.source.charge.customer"],
            query.Where(p => p.Key.StartsWith("expand[", StringComparison.Ordinal)).SelectMany(p => p.Value.ToArray()));
        Assert.DoesNotContain("payout", query.Keys);
    }

    [Fact]
    public async Task The_payout_listing_asks_for_the_payout_s_transactions_a_hundred_a_page_as_Stripe_net_did()
    {
        stand.Stripe.Answers(200, """{"object": "list", "data": [], "has_more": false}""");
        await Gateway.ListPayoutBalanceTransactionsAsync(stand.Credentials, "po_1", "txn_after", CancellationToken.None);
        var ours = Assert.Single(stand.Stripe.Calls);
        await StripeNet().V1.BalanceTransactions.ListAsync(new BalanceTransactionListOptions { Limit = 100, Payout = "po_1", StartingAfter = "txn_after" });

        Assert.Equal(stand.Stripe.Calls[^1], ours);
        var query = Query(ours);
        Assert.Equal(["limit", "payout", "starting_after"], query.Keys.Order());
        Assert.Equal(("100", "po_1", "txn_after"), ((string)query["limit"]!, (string)query["payout"]!, (string)query["starting_after"]!));
    }

    [Fact]
    public async Task A_page_read_through_the_gateway_is_what_Stripe_net_read_of_it()
    {
        stand.Stripe.Answers(200, BalanceTransactionPageReaderTests.Page);

        var listing = await Gateway.ListBalanceTransactionsAsync(stand.Credentials, From, To, null, CancellationToken.None);
        var payout = await Gateway.ListPayoutBalanceTransactionsAsync(stand.Credentials, "po_1", null, CancellationToken.None);

        var expected = StripeNetReading.Described(StripeNetReading.Page(BalanceTransactionPageReaderTests.Page));
        Assert.Equal(expected, StripeNetReading.Described(listing.Items));
        Assert.Equal(expected, StripeNetReading.Described(payout.Items));
        Assert.True(listing.HasMore);
    }

    public static TheoryData<int, string, int> Refusals() => new()
    {
        // status, Stripe's error body, attempts the app makes (the first and the "stripe" client's two retries)
        { 401, """{"error": {"message": "Invalid API Key provided: sk_test_****tail", "type": "invalid_request_error"}}""", 1 },
        { 404, """{"error": {"code": "resource_missing", "message": "No such payout: 'po_gone'", "param": "payout", "type": "invalid_request_error"}}""", 1 },
        { 429, """{"error": {"code": "rate_limit", "message": "Request rate limit exceeded.", "type": "invalid_request_error"}}""", 3 },
        { 500, """{"error": {"message": "An unknown error occurred", "type": "api_error"}}""", 3 },
    };

    [Theory, MemberData(nameof(Refusals))]
    public async Task A_refusal_gives_the_same_error_as_every_other_Stripe_call(int status, string body, int attempts)
    {
        stand.Stripe.Answers(status, body, new Dictionary<string, string> { ["Retry-After"] = "0" });
        var before = await Assert.ThrowsAsync<StripeCallException>(() => Gateway.GetChargeAsync(stand.Credentials, "ch_probe", CancellationToken.None));
        stand.Stripe.Answers(status, body, new Dictionary<string, string> { ["Retry-After"] = "0" });

        var listing = await Assert.ThrowsAsync<StripeCallException>(() =>
            Gateway.ListBalanceTransactionsAsync(stand.Credentials, From, To, null, CancellationToken.None));
        Assert.Equal(attempts, stand.Stripe.Calls.Count);
        var payout = await Assert.ThrowsAsync<StripeCallException>(() =>
            Gateway.ListPayoutBalanceTransactionsAsync(stand.Credentials, "po_gone", null, CancellationToken.None));

        Assert.Equal(before.Message.Replace(ChargeWhat, "list Stripe balance transactions"), listing.Message);
        Assert.Equal(before.Message.Replace(ChargeWhat, "list the balance transactions of Stripe payout po_gone"), payout.Message);
        foreach (var error in new[] { listing, payout })
        {
            Assert.Equal((status, before.StripeCode, before.StripeErrorType), (error.HttpStatus, error.StripeCode, error.StripeErrorType));
            Assert.DoesNotContain(stand.Key, error.ToString());
        }
    }

    [Fact]
    public async Task The_errors_read_as_before_in_words()
    {
        var expected = new Dictionary<int, string>
        {
            [401] = "Stripe refused the key: Invalid API Key provided: sk_test_****tail.",
            [404] = "Could not list Stripe balance transactions: Stripe has no such object (No such payout: 'po_gone').",
            [429] = "Could not list Stripe balance transactions: Stripe kept answering \"too many requests\", even after waiting and retrying.",
            [500] = "Could not list Stripe balance transactions: Stripe had a problem (HTTP 500), even after retrying: An unknown error occurred.",
        };
        foreach (var row in Refusals())
        {
            var (status, body) = ((int)row[0], (string)row[1]);
            stand.Stripe.Answers(status, body, new Dictionary<string, string> { ["Retry-After"] = "0" });

            var error = await Assert.ThrowsAsync<StripeCallException>(() =>
                Gateway.ListBalanceTransactionsAsync(stand.Credentials, From, To, null, CancellationToken.None));

            Assert.Equal(expected[status], error.Message);
        }
    }

    [Fact]
    public async Task A_key_Stripe_quotes_in_full_is_scrubbed_from_the_error()
    {
        stand.Stripe.Answers(401, $$$"""{"error": {"message": "Invalid API Key provided: {{{stand.Key}}}", "type": "invalid_request_error"}}""");

        var error = await Assert.ThrowsAsync<StripeCallException>(() =>
            Gateway.ListBalanceTransactionsAsync(stand.Credentials, From, To, null, CancellationToken.None));

        Assert.True(error.IsKeyProblem);
        Assert.DoesNotContain(stand.Key, error.ToString());
        Assert.Contains("tail", error.Message);
    }

    [Fact]
    public async Task An_unreadable_page_is_a_readable_error_that_quotes_none_of_it()
    {
        stand.Stripe.Answers(200, """{"object": "list", "data": [{"id": "txn_1", "currency": "usd", "amount": 10.5, "description": "for jane@example.com"}], "has_more": false}""");

        var error = await Assert.ThrowsAsync<StripeCallException>(() =>
            Gateway.ListBalanceTransactionsAsync(stand.Credentials, From, To, null, CancellationToken.None));

        Assert.Equal(200, error.HttpStatus);
        Assert.StartsWith("Could not list Stripe balance transactions: Stripe answered HTTP 200: Invalid response object from API", error.Message);
        Assert.DoesNotContain("jane", error.Message);
    }
}
