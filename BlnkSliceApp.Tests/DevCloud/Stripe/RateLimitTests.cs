using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace BlnkSliceApp.Tests.DevCloud.Stripe;

/// <summary>The emulated account limits requests per second over all its keys, as Stripe's test mode does (25/s).</summary>
public sealed class RateLimitTests : EmulatorTest
{
    protected override int RequestsPerSecond => 25;

    [Fact]
    public async Task More_than_25_requests_in_a_second_from_two_keys_meet_Stripe_s_429_rate_limit()
    {
        Emulator.Keys.RegisterRestrictedKey("rk_test_" + new string('Q', 40));
        using var secret = RawClient();
        using var restricted = RawClient("rk_test_" + new string('Q', 40));

        var answers = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => (i % 2 == 0 ? secret : restricted).GetAsync("/v1/balance")));

        var limited = answers.Where(a => a.StatusCode == HttpStatusCode.TooManyRequests).ToList();
        Assert.InRange(limited.Count, 15, 40 - 25 + 5);
        using var error = JsonDocument.Parse(await limited[0].Content.ReadAsStringAsync());
        Assert.Equal("rate_limit", error.RootElement.GetProperty("error").GetProperty("code").GetString());
        Assert.Equal("invalid_request_error", error.RootElement.GetProperty("error").GetProperty("type").GetString());
        var figures = Emulator.RateLimit.Figures();
        Assert.Equal(limited.Count, figures.Limited);
        Assert.Equal(40, figures.PeakPerSecond);
    }

    [Fact]
    public async Task Requests_without_a_known_key_do_not_count_against_the_account()
    {
        using var anonymous = RawClient("sk_test_" + new string('Z', 40));

        var answers = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => anonymous.GetAsync("/v1/balance")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Unauthorized, a.StatusCode));
        Assert.Equal(0, Emulator.RateLimit.Figures().PeakPerSecond);
    }

    [Fact]
    public async Task The_limit_is_changed_and_its_figures_read_through_the_controls()
    {
        using var http = RawClient();

        var set = await http.PutAsJsonAsync("/_devcloud/rate_limit", new { requests_per_second = 3 });
        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
            answers.Add((await http.GetAsync("/v1/balance")).StatusCode);
        using var figures = JsonDocument.Parse(await http.GetStringAsync("/_devcloud/rate_limit"));
        var refused = await http.PutAsJsonAsync("/_devcloud/rate_limit", new { requests_per_second = -1 });

        Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(3, figures.RootElement.GetProperty("requests_per_second").GetInt32());
        Assert.Equal(2, figures.RootElement.GetProperty("limited").GetInt64());
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(3, Emulator.RateLimit.RequestsPerSecond);
    }
}
