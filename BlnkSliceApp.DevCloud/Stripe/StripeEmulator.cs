using System.Net;
using BlnkSliceApp.DevCloud.Faults;
using BlnkSliceApp.DevCloud.Stripe.Api;
using BlnkSliceApp.DevCloud.Stripe.Seeding;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace BlnkSliceApp.DevCloud.Stripe;

/// <summary>
/// Stripe's read API for one seeded test account, on a real Kestrel listener, so Stripe.net
/// talks to it exactly as to api.stripe.com (point <c>StripeClientOptions.ApiBase</c> at
/// <see cref="BaseUrl"/>). Controls live under <c>/_devcloud/</c>.
/// </summary>
public sealed class StripeEmulator : IAsyncDisposable
{
    readonly WebApplication _app;
    readonly StripeRouter _router;
    readonly CancellationTokenSource _stopping;

    StripeEmulator(WebApplication app, StripeRouter router, CancellationTokenSource stopping, StripeAccountState account,
        FaultPlan faults, ApiKeys keys, string secretKey, string restrictedKey, IReadOnlyList<SeededIdentity> identities)
    {
        _app = app;
        _router = router;
        _stopping = stopping;
        Account = account;
        Faults = faults;
        Keys = keys;
        SecretKey = secretKey;
        RestrictedKey = restrictedKey;
        IdentitiesToPreload = identities;
    }

    public Uri BaseUrl { get; private set; } = null!;
    public string SecretKey { get; }

    /// <summary>An rk_test_ key that may read every resource the sync reads.</summary>
    public string RestrictedKey { get; }

    public string AccountId => Account.AccountId;
    public FaultPlan Faults { get; }
    public StripeAccountState Account { get; }

    /// <summary>Register more keys (for example a restricted key limited to some resources) or revoke them.</summary>
    public ApiKeys Keys { get; }

    /// <summary>Requests served under <c>/v1</c>, faulted ones included: the "Stripe calls made".</summary>
    public long RequestCount => _router.RequestCount;

    /// <summary>The crash proof's trap on Stripe calls.</summary>
    public CallTrap Trap => _router.Trap;

    /// <summary>Faults the plan injected so far.</summary>
    public long FaultsInjected => _router.FaultsInjected;

    public IReadOnlyList<SeededIdentity> IdentitiesToPreload { get; }

    /// <summary>Delivery of the account's events to its webhook endpoints: attempts, retries, the "lose" switch.</summary>
    public Webhooks.WebhookDelivery Webhooks { get; private init; } = null!;

    /// <summary>
    /// Another merchant with the same activity as this account (its own account id, key and
    /// rate limit): many installs can then each sync "their own" Stripe account side by side.
    /// </summary>
    public (string AccountId, string SecretKey) AddMerchant()
    {
        var number = Interlocked.Increment(ref _merchants);
        var accountId = $"acct_1merchant{number:D6}";
        var key = $"sk_test_51merchant{number:D6}{Guid.NewGuid():N}";
        Keys.RegisterMerchantKey(key, accountId);
        return (accountId, key);
    }

    int _merchants;

    /// <summary>What the merchants' own rate limits turned away, and the most requests any one of them got in a second.</summary>
    public (long Limited, int PeakPerSecond) MerchantRateFigures() => _router.MerchantFigures();

    /// <summary>The account's rate limit (25/s, as Stripe's test mode) and what it measured.</summary>
    public AccountRateLimit RateLimit { get; private init; } = null!;

    public static async Task<StripeEmulator> StartAsync(StripeEmulatorOptions options, CancellationToken ct = default)
    {
        var secrets = new IdGenerator(new Random(unchecked(options.Seed * 7919 + 17)));
        var accountId = secrets.Next("acct_1", 15);
        var secretKey = options.SecretKey ?? secrets.Next("sk_test_51", 97);
        var restrictedKey = options.RestrictedKey ?? secrets.Next("rk_test_51", 97);

        var anchor = (options.Anchor ?? options.Clock.GetUtcNow()).ToUnixTimeSeconds() / 60 * 60;
        var account = new StripeAccountState(accountId, options.Clock, options.Seed, anchor);
        var identities = options.SeedAccount ? AccountSeeder.Seed(account, options.Seed) : [];

        var webhooks = new Webhooks.WebhookDelivery(options.Clock);
        account.Delivery = webhooks;

        var keys = new ApiKeys(accountId);
        keys.RegisterSecretKey(secretKey);
        keys.RegisterRestrictedKey(restrictedKey);

        var faults = new FaultPlan();
        if (options.Faults is not null)
        {
            ControlEndpoints.Validate(options.Faults);
            faults.CopyFrom(options.Faults);
        }

        var stopping = new CancellationTokenSource();
        var rateLimit = new AccountRateLimit { RequestsPerSecond = options.RequestsPerSecond };
        var router = new StripeRouter(account, keys, new FaultInjector(faults, options.FaultSeed), rateLimit, stopping.Token);
        var controls = new ControlEndpoints(account, faults, rateLimit, () => router.RequestCount) { Webhooks = webhooks };
        var app = Build(options, router, controls);
        var emulator = new StripeEmulator(app, router, stopping, account, faults, keys, secretKey, restrictedKey, identities) { RateLimit = rateLimit, Webhooks = webhooks };
        await app.StartAsync(ct);
        var address = app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()
            .Features.Get<IServerAddressesFeature>()!.Addresses.First();
        emulator.BaseUrl = new Uri(address.Replace("[::1]", "localhost", StringComparison.Ordinal));
        return emulator;
    }

    static WebApplication Build(StripeEmulatorOptions options, StripeRouter router, ControlEndpoints controls)
    {
        // An empty builder: no appsettings, environment URLs or logging providers leak in from the host.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseShutdownTimeout(TimeSpan.FromSeconds(2));
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (IPAddress.TryParse(options.Host, out var ip)) kestrel.Listen(ip, options.Port);
            else kestrel.ListenLocalhost(options.Port);
        });
        var app = builder.Build();
        app.Run(context =>
        {
            // Stripe.net joins ApiBase and the path as strings: tolerate a doubled slash.
            var path = "/" + (context.Request.Path.Value ?? "").TrimStart('/');
            if (path.StartsWith("/v1/", StringComparison.Ordinal))
                return router.HandleAsync(context, path);
            if (path.StartsWith("/_devcloud/", StringComparison.Ordinal))
                return controls.HandleAsync(context, path);
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        });
        return app;
    }

    public async ValueTask DisposeAsync()
    {
        // Release requests held by a time-out fault first, or shutdown would wait for them.
        await _stopping.CancelAsync();
        await Webhooks.DisposeAsync();
        try
        {
            await _app.StopAsync(CancellationToken.None);
        }
        finally
        {
            await _app.DisposeAsync();
            _stopping.Dispose();
        }
    }
}
