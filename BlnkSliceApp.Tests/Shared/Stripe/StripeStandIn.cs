using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;

namespace BlnkSliceApp.Tests.Shared.Stripe;

/// <summary>
/// Stands where Stripe would be, on loopback, answering every call with the answer a test chose
/// (an exact page, an error DevCloud's emulator has no way to give) and keeping each call's path
/// and query. Not a second emulator: the gateway's tests against Stripe's behaviour use DevCloud.
/// </summary>
public sealed class StripeStandIn : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly ConcurrentQueue<string> _calls = new();
    volatile Answer _answer = new(200, """{"object": "list", "data": [], "has_more": false, "url": "/v1/balance_transactions"}""", new Dictionary<string, string>());

    StripeStandIn(WebApplication app) => _app = app;

    public Uri BaseUrl { get; private set; } = default!;

    /// <summary>Each call's path and query as it arrived, oldest first.</summary>
    public IReadOnlyList<string> Calls => _calls.ToArray();

    public sealed record Answer(int Status, string Body, IReadOnlyDictionary<string, string> Headers);

    /// <summary>From now on every call gets this answer.</summary>
    public void Answers(int status, string body, IReadOnlyDictionary<string, string>? headers = null)
    {
        _answer = new Answer(status, body, headers ?? new Dictionary<string, string>());
        _calls.Clear();
    }

    public static async Task<StripeStandIn> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var standIn = new StripeStandIn(app);
        app.Run(async context =>
        {
            standIn._calls.Enqueue(context.Request.Path + context.Request.QueryString);
            var answer = standIn._answer;
            context.Response.StatusCode = answer.Status;
            foreach (var (name, value) in answer.Headers)
                context.Response.Headers[name] = value;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Body);
        });
        await app.StartAsync();
        standIn.BaseUrl = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        return standIn;
    }

    public ValueTask DisposeAsync() => _app.DisposeAsync();
}

/// <summary>The app pointed at a <see cref="StripeStandIn"/>, with short retry delays; one per test class.</summary>
public sealed class StripeStandInApp : IAsyncLifetime
{
    public StripeStandIn Stripe { get; private set; } = null!;
    public AppFactory App { get; private set; } = null!;

    /// <summary>A well-formed test key the stand-in accepts as any other.</summary>
    public string Key { get; } = "sk_test_" + new string('S', 40) + "tail";

    public async Task InitializeAsync()
    {
        Stripe = await StripeStandIn.StartAsync();
        App = new AppFactory
        {
            Settings = new Dictionary<string, string?>
            {
                ["STRIPE_API_BASE"] = Stripe.BaseUrl.ToString().TrimEnd('/'),
                ["Stripe:MaxRetries"] = "2",
                ["Stripe:RetryBaseDelayMs"] = "1",
                ["Stripe:MaxRetryDelayMs"] = "20",
                ["Stripe:AttemptTimeoutMs"] = "3000",
                ["Stripe:TestRequestsPerSecond"] = "500",
            },
        };
        _ = App.Services;
    }

    public async Task DisposeAsync()
    {
        App.Dispose();
        await Stripe.DisposeAsync();
    }

    public BlnkSliceApp.Shared.Stripe.StripeGateway Gateway => App.Service<BlnkSliceApp.Shared.Stripe.StripeGateway>();

    public BlnkSliceApp.Shared.Stripe.StripeCredentials Credentials =>
        BlnkSliceApp.Shared.Stripe.StripeCredentials.FromKey(Key, null, BlnkSliceApp.Shared.Stripe.StripeKeySource.Install);
}
