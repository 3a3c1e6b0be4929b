using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using System.Net;
using System.Net.Http.Json;
using Stripe;

namespace BlnkSliceApp.Tests.DevCloud.Stripe;

public sealed class FaultTests : EmulatorTest
{
    [Fact]
    public async Task A_429_carries_Retry_After_Stripe_Should_Retry_and_the_rate_limit_body()
    {
        Emulator.Faults.Rate429 = 1;
        Emulator.Faults.RetryAfterSeconds = 2;
        using var http = RawClient();

        var response = await http.GetAsync("/v1/balance");
        var body = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("2", response.Headers.GetValues("Retry-After").Single());
        Assert.Equal("true", response.Headers.GetValues("Stripe-Should-Retry").Single());
        Assert.Contains("\"code\":\"rate_limit\"", body);
    }

    [Fact]
    public async Task Stripe_net_surfaces_a_429_as_a_StripeException_and_retries_through_it_when_allowed()
    {
        Emulator.Faults.Rate429 = 1;
        var error = await Assert.ThrowsAsync<StripeException>(() => Client().V1.Balance.GetAsync());
        Assert.Equal(HttpStatusCode.TooManyRequests, error.HttpStatusCode);
        Assert.Equal("rate_limit", error.StripeError.Code);

        Emulator.Faults.Rate429 = 0.3;
        var before = Emulator.RequestCount;
        for (var i = 0; i < 5; i++)
            await Client(retries: 10).V1.Balance.GetAsync();

        Assert.True(Emulator.RequestCount - before >= 5);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_server_error_share_of_one_fails_every_call_with_that_status(int status)
    {
        if (status == 500) Emulator.Faults.Rate500 = 1;
        else Emulator.Faults.Rate503 = 1;

        var error = await Assert.ThrowsAsync<StripeException>(() => Client().V1.Charges.ListAsync());

        Assert.Equal((HttpStatusCode)status, error.HttpStatusCode);
        Assert.Equal("api_error", error.StripeError.Type);
    }

    [Fact]
    public async Task Latency_delays_every_answer_by_at_least_the_configured_time()
    {
        Emulator.Faults.LatencyMs = 300;
        var watch = Stopwatch.StartNew();

        await Client().V1.Balance.GetAsync();

        Assert.True(watch.ElapsedMilliseconds >= 290, $"answered after {watch.ElapsedMilliseconds} ms");
    }

    [Fact]
    public async Task A_time_out_holds_the_request_until_the_client_gives_up()
    {
        Emulator.Faults.RateTimeout = 1;
        var client = Client(timeout: TimeSpan.FromMilliseconds(400));

        var error = await Record.ExceptionAsync(() => client.V1.Balance.GetAsync());

        Assert.NotNull(error);
        Assert.Equal(1, Emulator.RequestCount);
    }

    [Fact]
    public async Task A_short_time_out_hold_drops_the_connection_without_an_answer()
    {
        Emulator.Faults.RateTimeout = 1;
        Emulator.Faults.TimeoutHoldMs = 100;
        using var http = RawClient();

        await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync("/v1/balance"));
    }

    [Fact]
    public async Task Faults_can_be_set_and_cleared_over_HTTP()
    {
        using var http = RawClient();

        var set = await http.PutAsJsonAsync("/_devcloud/faults", new { rate500 = 1.0 });
        var failed = await http.GetAsync("/v1/balance");
        var cleared = await http.DeleteAsync("/_devcloud/faults");
        var healthy = await http.GetAsync("/v1/balance");
        var refused = await http.PutAsJsonAsync("/_devcloud/faults", new { rate500 = 3.0 });
        var current = await http.GetStringAsync("/_devcloud/faults");
        var roundTrip = await http.PutAsync("/_devcloud/faults", new StringContent(current, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal(HttpStatusCode.OK, healthy.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, roundTrip.StatusCode);
        Assert.True(Emulator.Faults.IsQuiet);
    }

    [Fact]
    public async Task Faults_can_come_from_configuration()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Faults:Rate503"] = "1", ["Seed"] = "42", ["SeedAccount"] = "false" })
            .Build();
        await using var configured = await BlnkSliceApp.DevCloud.Stripe.StripeEmulator.StartAsync(
            BlnkSliceApp.DevCloud.Stripe.StripeEmulatorOptions.FromConfiguration(configuration));
        using var http = new HttpClient { BaseAddress = configured.BaseUrl };
        http.DefaultRequestHeaders.Authorization = new("Bearer", configured.SecretKey);

        var response = await http.GetAsync("/v1/balance");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(0, configured.Account.Counts.BalanceTransactions);
    }
}
