using System.Diagnostics;
using BlnkSliceApp.Shared.Stripe;
using Microsoft.Extensions.Options;

namespace BlnkSliceApp.Tests.Shared.Stripe;

/// <summary>The app held to 10 requests a second per Stripe account, against an emulator that enforces Stripe's 25/s.</summary>
public sealed class BudgetedStripeApp : StripeEmulatorApp
{
    protected override Dictionary<string, string?> ExtraSettings => new() { ["Stripe:TestRequestsPerSecond"] = "10" };

    protected override int EmulatorRequestsPerSecond => 25;
}

public sealed class StripeAccountBudgetTests(BudgetedStripeApp stripe) : IClassFixture<BudgetedStripeApp>
{
    [Fact]
    public async Task Two_keys_of_one_account_share_its_budget_while_another_account_goes_ahead()
    {
        var second = "rk_test_" + new string('S', 40);
        var otherAccount = "sk_test_" + new string('O', 40);
        stripe.Emulator.Keys.RegisterRestrictedKey(second);
        stripe.Emulator.Keys.RegisterSecretKey(otherAccount);
        var first = StripeCredentials.FromKey(stripe.Emulator.SecretKey, stripe.Emulator.AccountId, StripeKeySource.Install);
        var sibling = StripeCredentials.FromKey(second, stripe.Emulator.AccountId, StripeKeySource.Install);
        // Another account as far as the app knows: its own budget.
        var elsewhere = StripeCredentials.FromKey(otherAccount, "acct_1OtherAccount00", StripeKeySource.Install);
        stripe.Emulator.RateLimit.ResetFigures();
        var watch = Stopwatch.StartNew();

        var flood = Task.WhenAll(Enumerable.Range(0, 30).Select(i =>
            stripe.Gateway.GetBalanceAsync(i % 2 == 0 ? first : sibling, CancellationToken.None)));
        await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => stripe.Gateway.GetBalanceAsync(elsewhere, CancellationToken.None)));
        Assert.False(flood.IsCompleted, "the two keys' 30 calls finished before the other account's three: they had no shared limit");
        await flood;

        // 30 calls at 10 a second for the account, whichever key makes them: at least two seconds.
        Assert.True(watch.ElapsedMilliseconds >= 1_900, $"30 calls of one account took only {watch.ElapsedMilliseconds} ms");
        Assert.Equal(0, stripe.Emulator.RateLimit.Limited);
    }

    [Fact]
    public async Task A_429_with_Stripe_Should_Retry_false_is_not_retried()
    {
        stripe.Heal();
        stripe.Emulator.Faults.Rate429 = 1;
        stripe.Emulator.Faults.RetryAfterSeconds = 0;
        stripe.Emulator.Faults.StripeShouldRetry = false;
        var before = stripe.Emulator.RequestCount;
        try
        {
            var error = await Assert.ThrowsAsync<StripeCallException>(() => stripe.Gateway.GetBalanceAsync(stripe.Credentials(), CancellationToken.None));

            Assert.Equal(429, error.HttpStatus);
            Assert.Equal(1, stripe.Emulator.RequestCount - before);
        }
        finally
        {
            stripe.Heal();
        }
    }

    [Fact]
    public void Stripe_Should_Retry_decides_when_Stripe_sent_it_and_transient_failures_are_retried_otherwise()
    {
        static bool Retried(System.Net.HttpStatusCode status, string? shouldRetry = null)
        {
            using var response = new HttpResponseMessage(status);
            if (shouldRetry is not null) response.Headers.Add(StripeRetry.ShouldRetryHeader, shouldRetry);
            return StripeRetry.ShouldRetry(Polly.Outcome.FromResult(response));
        }

        // Stripe's lock timeouts are a 409 it marks worth another attempt.
        Assert.True(Retried(System.Net.HttpStatusCode.Conflict, "true"));
        Assert.False(Retried(System.Net.HttpStatusCode.Conflict));
        Assert.False(Retried(System.Net.HttpStatusCode.ServiceUnavailable, "false"));
        Assert.True(Retried(System.Net.HttpStatusCode.ServiceUnavailable));
        Assert.True(Retried(System.Net.HttpStatusCode.TooManyRequests));
        Assert.False(Retried(System.Net.HttpStatusCode.NotFound));
    }

    [Fact]
    public async Task Live_and_test_mode_of_one_account_have_their_own_budgets()
    {
        var budget = Budget(new StripeGatewayOptions { TestRequestsPerSecond = 5, LiveRequestsPerSecond = 1000, EndpointRequestsPerSecond = 1000 });
        var live = "sk_live_" + new string('V', 40);
        var test = "sk_test_" + new string('T', 40);
        budget.Bind(live, "acct_1Shared");
        budget.Bind(test, "acct_1Shared");
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < 50; i++)
            using (await budget.AcquireAsync(live, "GET /v1/balance", CancellationToken.None)) { }
        var liveTook = watch.ElapsedMilliseconds;
        watch.Restart();
        for (var i = 0; i < 6; i++)
            using (await budget.AcquireAsync(test, "GET /v1/balance", CancellationToken.None)) { }
        var testTook = watch.ElapsedMilliseconds;

        Assert.True(testTook >= 900, $"6 test-mode requests at 5/s took {testTook} ms");
        Assert.True(liveTook < testTook, $"50 live requests took {liveTook} ms, 6 test ones {testTook} ms");
    }

    [Fact]
    public async Task One_endpoint_has_at_most_its_share_of_requests_in_flight()
    {
        var budget = Budget(new StripeGatewayOptions { TestRequestsPerSecond = 1000, EndpointRequestsPerSecond = 1000, EndpointConcurrency = 2 });
        var key = "sk_test_" + new string('C', 40);

        var first = await budget.AcquireAsync(key, "GET /v1/customers/{id}", CancellationToken.None);
        var second = await budget.AcquireAsync(key, "GET /v1/customers/{id}", CancellationToken.None);
        var third = budget.AcquireAsync(key, "GET /v1/customers/{id}", CancellationToken.None).AsTask();
        using (await budget.AcquireAsync(key, "GET /v1/balance", CancellationToken.None)) { }

        Assert.False(third.IsCompleted, "a third request to the endpoint went out while two were in flight");
        first.Dispose();
        using (await third.WaitAsync(TimeSpan.FromSeconds(10))) { }
        second.Dispose();
    }

    [Fact]
    public async Task One_endpoint_is_held_to_its_own_rate_inside_the_account_s()
    {
        var budget = Budget(new StripeGatewayOptions { TestRequestsPerSecond = 1000, EndpointRequestsPerSecond = 4 });
        var key = "sk_test_" + new string('E', 40);
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < 5; i++)
            using (await budget.AcquireAsync(key, "GET /v1/customers/{id}", CancellationToken.None)) { }
        var endpointTook = watch.ElapsedMilliseconds;
        watch.Restart();
        for (var i = 0; i < 4; i++)
            using (await budget.AcquireAsync(key, "GET /v1/balance_transactions", CancellationToken.None)) { }

        Assert.True(endpointTook >= 900, $"5 requests to an endpoint allowed 4/s took {endpointTook} ms");
        Assert.True(watch.ElapsedMilliseconds < 900, $"another endpoint's four requests waited {watch.ElapsedMilliseconds} ms behind the busy one");
    }

    [Fact]
    public async Task A_429_stops_every_key_of_the_account_for_the_wait_Stripe_asked_for()
    {
        var budget = Budget(new StripeGatewayOptions { TestRequestsPerSecond = 1000, EndpointRequestsPerSecond = 1000 });
        var limited = "sk_test_" + new string('L', 40);
        var sibling = "rk_test_" + new string('M', 40);
        budget.Bind(limited, "acct_1Paused");
        budget.Bind(sibling, "acct_1Paused");
        using (await budget.AcquireAsync(sibling, "GET /v1/balance", CancellationToken.None)) { }
        var watch = Stopwatch.StartNew();

        budget.Pause(limited, TimeSpan.FromSeconds(1));
        using (await budget.AcquireAsync(sibling, "GET /v1/charges/{id}", CancellationToken.None)) { }

        Assert.True(watch.ElapsedMilliseconds >= 900, $"the account's other key went ahead after {watch.ElapsedMilliseconds} ms");
    }

    [Theory]
    [InlineData("https://api.stripe.com/v1/customers/cus_123", "GET /v1/customers/{id}")]
    [InlineData("https://api.stripe.com/v1/balance_transactions?limit=100", "GET /v1/balance_transactions")]
    [InlineData("https://api.stripe.com/v1/charges/ch_1/refunds", "GET /v1/charges/{id}/refunds")]
    [InlineData("http://127.0.0.1:5091//v1/balance", "GET /v1/balance")]
    public void Requests_to_one_operation_count_as_one_endpoint_whatever_the_id(string url, string endpoint) =>
        Assert.Equal(endpoint, StripeAccountBudget.EndpointOf(HttpMethod.Get, new Uri(url)));

    static StripeAccountBudget Budget(StripeGatewayOptions options) => new(Options.Create(options));
    }
