using System.Diagnostics;
using BlnkSliceApp.Shared.Stripe;

namespace BlnkSliceApp.Tests.Shared.Stripe;

/// <summary>The app limited to 10 requests a second per test-mode key.</summary>
public sealed class SlowStripeApp : StripeEmulatorApp
{
    protected override Dictionary<string, string?> ExtraSettings => new() { ["Stripe:TestRequestsPerSecond"] = "10" };
}

public sealed class StripeRateLimitTests(SlowStripeApp stripe) : IClassFixture<SlowStripeApp>
{
    [Fact]
    public async Task One_key_s_calls_are_held_to_its_rate_while_another_key_goes_ahead()
    {
        var other = "sk_test_" + new string('R', 40);
        stripe.Emulator.Keys.RegisterSecretKey(other);
        var busy = stripe.Credentials();
        var quiet = stripe.Credentials(other);
        var watch = Stopwatch.StartNew();

        var flood = Task.WhenAll(Enumerable.Range(0, 25).Select(_ => stripe.Gateway.GetBalanceAsync(busy, CancellationToken.None)));
        var aside = Task.WhenAll(Enumerable.Range(0, 3).Select(_ => stripe.Gateway.GetBalanceAsync(quiet, CancellationToken.None)));
        await aside;
        var asideDone = watch.ElapsedMilliseconds;
        Assert.False(flood.IsCompleted, "the flood finished before the other key's three calls: no limit applied");
        await flood;

        // 25 calls at 10 a second with a burst of 2: at least 2.3 s of waiting.
        Assert.True(watch.ElapsedMilliseconds >= 2_000, $"25 calls took only {watch.ElapsedMilliseconds} ms");
        Assert.True(asideDone < watch.ElapsedMilliseconds);
    }

    [Fact]
    public async Task Live_and_test_keys_have_their_own_rates()
    {
        var limiter = new StripeRateLimiter(Microsoft.Extensions.Options.Options.Create(new StripeGatewayOptions { TestRequestsPerSecond = 5, LiveRequestsPerSecond = 1000 }));
        var live = "sk_live_" + new string('V', 40);
        var watch = Stopwatch.StartNew();

        for (var i = 0; i < 50; i++)
            using (await limiter.AcquireAsync(live, CancellationToken.None)) { }
        var liveTook = watch.ElapsedMilliseconds;
        watch.Restart();
        for (var i = 0; i < 6; i++)
            using (await limiter.AcquireAsync("sk_test_" + new string('T', 40), CancellationToken.None)) { }
        var testTook = watch.ElapsedMilliseconds;

        Assert.True(testTook >= 800, $"6 test-mode permits at 5/s took {testTook} ms");
        Assert.True(liveTook < testTook, $"50 live permits took {liveTook} ms, 6 test permits {testTook} ms");
    }
}
