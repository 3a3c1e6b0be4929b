using BlnkSliceApp.DevCloud.Cloud;
using BlnkSliceApp.DevCloud.Cloud.Api;
using BlnkSliceApp.DevCloud.Dashboard;
using BlnkSliceApp.DevCloud.Lifecycle;
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
        var dataDirectory = Path.GetFullPath(options.DataDirectory, AppContext.BaseDirectory);
        Directory.CreateDirectory(dataDirectory);
        var appUrl = FreePort.Resolve(options.AppUrl);
        var registration = AppRegistration.For(appUrl, CloudIds.Token("app"));

        var cloud = BuildCloud(options, registration);
        await cloud.StartAsync(ct);
        WebApplication? app = null;
        try
        {
            var cloudUrl = BoundUrl(cloud);
            if (options.StartApp)
            {
                app = BuildApp(options, appUrl, cloudUrl, dataDirectory);
                await app.StartAsync(ct);
            }
            return new DevCloudHandle(cloud, app, cloudUrl, appUrl, dataDirectory, options.DeleteDataOnDispose);
        }
        catch
        {
            if (app is not null) await app.DisposeAsync();
            await cloud.DisposeAsync();
            throw;
        }
    }

    static WebApplication BuildCloud(DevCloudOptions options, AppRegistration registration)
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

    static WebApplication BuildApp(DevCloudOptions options, Uri appUrl, Uri cloudUrl, string dataDirectory)
    {
        var settings = new Dictionary<string, string?>
        {
            ["BLNK_CLOUD_API_URL"] = cloudUrl.ToString().TrimEnd('/'),
            // DevCloud's origin frames the portal, as Blnk Cloud's does in production.
            ["FRAME_ANCESTORS"] = $"'self' {cloudUrl.GetLeftPart(UriPartial.Authority)}",
            ["PUBLIC_BASE_URL"] = appUrl.ToString().TrimEnd('/'),
            ["DATABASE_PATH"] = Path.Combine(dataDirectory, "blnkslice.db"),
        };
        if (!string.IsNullOrWhiteSpace(options.StripeApiBase)) settings["STRIPE_API_BASE"] = options.StripeApiBase;
        if (!string.IsNullOrWhiteSpace(options.StripeSecretKey)) settings["STRIPE_SECRET_KEY"] = options.StripeSecretKey;
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
