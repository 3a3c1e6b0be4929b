using System.Diagnostics;
using BlnkSliceApp.DevCloud.Faults;
using BlnkSliceApp.DevCloud.Hosting;

namespace BlnkSliceApp.Tests.DevCloud;

/// <summary>Faults come before authentication, so these tests need no install and no app.</summary>
public sealed class CloudFaultTests
{
    static async Task<DevCloudHandle> StartAsync(FaultPlan plan)
    {
        var options = DevCloudOptions.ForTests();
        options.StartApp = false;
        options.CloudFaults = plan;
        return await DevCloudHost.StartAsync(options);
    }

    static HttpClient Client(DevCloudHandle handle) => new() { BaseAddress = handle.CloudApiUrl, Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task A_500_share_of_one_fails_every_call_with_a_json_error()
    {
        await using var handle = await StartAsync(new FaultPlan { Rate500 = 1 });
        using var client = Client(handle);

        using var response = await client.GetAsync("/data/ledgers?instance_id=inst_x");

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("\"error\"", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_503_carries_Retry_After()
    {
        await using var handle = await StartAsync(new FaultPlan { Rate503 = 1, RetryAfterSeconds = 7 });
        using var client = Client(handle);

        using var response = await client.GetAsync("/proxy/ledgers?instance_id=inst_x");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(7), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_429_carries_Retry_After()
    {
        await using var handle = await StartAsync(new FaultPlan { Rate429 = 1, RetryAfterSeconds = 2 });
        using var client = Client(handle);

        using var response = await client.PostAsync("/proxy/transactions?instance_id=inst_x", new StringContent("{}"));

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(2), response.Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task A_time_out_never_answers_and_drops_the_connection()
    {
        await using var handle = await StartAsync(new FaultPlan { RateTimeout = 1, TimeoutHoldMs = 100 });
        using var client = Client(handle);

        var failure = await Record.ExceptionAsync(() => client.GetAsync("/data/ledgers?instance_id=inst_x"));

        Assert.True(failure is HttpRequestException or TaskCanceledException, $"expected a transport failure, got {failure}");
    }

    [Fact]
    public async Task Added_latency_delays_the_answer()
    {
        await using var handle = await StartAsync(new FaultPlan { LatencyMs = 300 });
        using var client = Client(handle);
        var started = Stopwatch.StartNew();

        using var response = await client.GetAsync("/data/ledgers?instance_id=inst_x");

        Assert.True(started.ElapsedMilliseconds >= 300, $"answered after {started.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task The_plan_changes_live_from_the_handle()
    {
        await using var handle = await StartAsync(new FaultPlan());
        using var client = Client(handle);
        using var before = await client.GetAsync("/data/ledgers?instance_id=inst_x");

        handle.CloudFaults.Rate503 = 1;
        using var during = await client.GetAsync("/data/ledgers?instance_id=inst_x");
        handle.CloudFaults.Reset();
        using var after = await client.GetAsync("/data/ledgers?instance_id=inst_x");

        Assert.Equal(HttpStatusCode.Unauthorized, before.StatusCode);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, during.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
    }

    [Fact]
    public async Task Faults_touch_only_the_Cloud_API_not_the_dashboard()
    {
        await using var handle = await StartAsync(new FaultPlan { Rate500 = 1 });
        using var client = Client(handle);

        using var page = await client.GetAsync("/");

        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }
}
