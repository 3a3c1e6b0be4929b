using BlnkSliceApp.DevCloud.Cloud;
using BlnkSliceApp.DevCloud.Cloud.Api;
using BlnkSliceApp.DevCloud.Dashboard;
using BlnkSliceApp.DevCloud.Cloud.Ledger;
using BlnkSliceApp.DevCloud.Lifecycle;
using BlnkSliceApp.DevCloud.Stripe;
using BlnkSliceApp.Shared.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace BlnkSliceApp.DevCloud.Hosting;

/// <summary>
/// Starts the emulated Blnk Cloud (dashboard + Cloud API) and, in the same process, the app
/// wired to it. The emulator lives only in this project: the production app never hosts it.
/// </summary>
public static class DevCloudHost
{
    public static async Task<DevCloudHandle> StartAsync(DevCloudOptions options, CancellationToken ct = default)
    {
        // A port chosen free can be taken by another process before the app binds it (tests and
        // benchmarks start many hosts at once): with a port of our choosing, choose again.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await StartOnceAsync(options, ct);
            }
            catch (IOException taken) when (attempt < 5 && new Uri(options.AppUrl).Port == 0
                && taken.InnerException is Microsoft.AspNetCore.Connections.AddressInUseException)
            {
            }
        }
    }

    static async Task<DevCloudHandle> StartOnceAsync(DevCloudOptions options, CancellationToken ct)
    {
        var dataDirectory = Path.GetFullPath(options.DataDirectory, AppContext.BaseDirectory);
        Directory.CreateDirectory(dataDirectory);
        var appUrl = FreePort.Resolve(options.AppUrl);
        var registration = AppRegistration.For(appUrl, CloudIds.Token("app"));

        if (options.RequestedScopes is { } requested)
            registration = registration with { RequestedScopes = requested };
        var stripe = options.StartStripe ? await StartStripeAsync(options, ct) : null;
        var cloud = BuildCloud(options, registration, stripe);
        if (stripe is not null)
            cloud.Services.GetRequiredService<CloudState>().Preload = ledger => PreloadIdentities(ledger, stripe.IdentitiesToPreload);
        WebApplication? app = null;
        try
        {
            await cloud.StartAsync(ct);
            var cloudUrl = BoundUrl(cloud);
            Func<WebApplication>? buildApp = null;
            if (options.StartApp)
            {
                buildApp = () => BuildApp(options, appUrl, cloudUrl, dataDirectory, stripe, registration);
                app = buildApp();
                await app.StartAsync(ct);
            }
            return new DevCloudHandle(cloud, app, buildApp, stripe, cloudUrl, appUrl, dataDirectory, options.DeleteDataOnDispose);
        }
        catch
        {
            if (app is not null) await app.DisposeAsync();
            await cloud.DisposeAsync();
            if (stripe is not null) await stripe.DisposeAsync();
            throw;
        }
    }

    static Task<StripeEmulator> StartStripeAsync(DevCloudOptions options, CancellationToken ct)
    {
        var url = new Uri(options.StripeUrl);
        return StripeEmulator.StartAsync(new StripeEmulatorOptions
        {
            Host = url.Host,
            Port = url.Port,
            Seed = options.StripeSeed,
            SeedAccount = options.SeedStripeAccount,
            RequestsPerSecond = options.StripeRequestsPerSecond,
        }, ct);
    }

    /// <summary>
    /// Identities a Blnk user already had before installing the app; some share an email with
    /// a Stripe customer, so the sync must link them instead of creating duplicates.
    /// </summary>
    static void PreloadIdentities(InstanceLedger ledger, IReadOnlyList<SeededIdentity> identities)
    {
        foreach (var identity in identities)
            ledger.CreateIdentity(new System.Text.Json.Nodes.JsonObject
            {
                ["identity_type"] = "individual",
                ["first_name"] = identity.FirstName,
                ["last_name"] = identity.LastName,
                ["email_address"] = identity.Email,
                ["category"] = "customer",
            });
    }

    static WebApplication BuildCloud(DevCloudOptions options, AppRegistration registration, StripeEmulator? stripe)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = Environments.Development,
            ApplicationName = typeof(DevCloudHost).Assembly.GetName().Name,
        });
        builder.WebHost.UseUrls(options.DevCloudUrl);
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        if (options.Quiet)
            builder.Logging.SetMinimumLevel(LogLevel.Warning).AddFilter((_, level) => level >= LogLevel.Warning);

        var services = builder.Services;
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<CloudState>();
        services.AddSingleton(new CloudFaults(options.CloudFaults));
        services.AddSingleton<CallLog>();
        services.AddSingleton(registration);
        services.AddSingleton(new StripeConsole(stripe));
        services.AddSingleton(provider => new DashboardLifecycle(
            provider.GetRequiredService<CloudState>(), registration, provider.GetRequiredService<CallLog>(),
            // One client for every lifecycle call; the per-call limit is the answer timeout, not HttpClient's.
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) }) { Timeout = Timeout.InfiniteTimeSpan },
            provider.GetRequiredService<TimeProvider>(), options.AnswerTimeout));
        services.AddRazorComponents();
        services.AddAntiforgery();

        var app = builder.Build();
        app.UseMiddleware<CloudApiGate>();
        app.UseAntiforgery();
        ProxyRoutes.Map(app);
        DataRoutes.Map(app);
        AlertRoutes.Map(app);
        DashboardRoutes.Map(app);
        return app;
    }

    static WebApplication BuildApp(DevCloudOptions options, Uri appUrl, Uri cloudUrl, string dataDirectory, StripeEmulator? stripe, AppRegistration registration)
    {
        var settings = new Dictionary<string, string?>
        {
            // As in production: the app serves only the app DevCloud registered.
            ["BLNK_APP_ID"] = registration.AppId,
            ["BLNK_CLOUD_API_URL"] = cloudUrl.ToString().TrimEnd('/'),
            // The portal's "Open in Blnk Cloud" links land on DevCloud's alert page.
            ["BLNK_CLOUD_DASHBOARD_URL"] = cloudUrl.ToString().TrimEnd('/'),
            // DevCloud's origin frames the portal, as Blnk Cloud's does in production.
            ["FRAME_ANCESTORS"] = $"'self' {cloudUrl.GetLeftPart(UriPartial.Authority)}",
            ["PUBLIC_BASE_URL"] = appUrl.ToString().TrimEnd('/'),
            ["DATABASE_PATH"] = Path.Combine(dataDirectory, "blnkslice.db"),
        };
        var stripeApiBase = options.StripeApiBase ?? stripe?.BaseUrl.ToString().TrimEnd('/');
        var stripeSecretKey = options.StripeSecretKey ?? stripe?.SecretKey;
        if (!string.IsNullOrWhiteSpace(stripeApiBase)) settings["STRIPE_API_BASE"] = stripeApiBase;
        if (!string.IsNullOrWhiteSpace(stripeSecretKey)) settings["STRIPE_SECRET_KEY"] = stripeSecretKey;
        if (options.Quiet)
        {
            settings["Logging:LogLevel:Default"] = "Warning";
            settings["Logging:LogLevel:BlnkSliceApp"] = "Warning";
        }
        foreach (var (name, value) in options.AppSettings)
            settings[name] = value;

        return BlnkSliceAppHost.Create([$"--environment={Environments.Development}"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(settings);
            builder.WebHost.UseUrls(appUrl.ToString().TrimEnd('/'));
            options.ConfigureApp?.Invoke(builder);
        });
    }

    static Uri BoundUrl(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }
}
