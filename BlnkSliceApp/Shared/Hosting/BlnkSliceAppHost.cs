using BlnkSliceApp.Shared.Configuration;
using BlnkSliceApp.Shared.Crypto;
using BlnkSliceApp.Shared.Installs;
using BlnkSliceApp.Shared.Portal;
using BlnkSliceApp.Shared.Storage;
using BlnkSliceApp.Shared.Web;
using FastEndpoints;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.FileProviders;

namespace BlnkSliceApp.Shared.Hosting;

/// <summary>
/// Builds the app. Program.cs uses it as is; DevCloud uses <paramref name="configure"/> to
/// host the app in its own process with emulator URLs and fixed secrets.
/// </summary>
public static class BlnkSliceAppHost
{
    public const string TestingEnvironment = "Testing";

    public static WebApplication Create(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ContentRootPath = AppContext.BaseDirectory,
        });
        if (string.IsNullOrEmpty(builder.Configuration["ASPNETCORE_URLS"]) && string.IsNullOrEmpty(builder.Configuration["urls"]))
            builder.WebHost.UseUrls("http://localhost:5080");
        configure?.Invoke(builder);
        AddServices(builder);
        var app = builder.Build();
        UsePipeline(app);
        return app;
    }

    public static void AddServices(WebApplicationBuilder builder)
    {
        AppLogging.Configure(builder);

        var warnings = new List<string>();
        var settings = AppSettingsLoader.Load(builder.Configuration, builder.Environment, warnings.Add);
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(new StartupWarnings(warnings));
        // A host that brought its own clock (DevCloud's tests, through their configure step) keeps it.
        builder.Services.TryAddSingleton(TimeProvider.System);

        // Taken before anything else starts, so a second process on the same file stops here with a clear message.
        var databaseLock = DatabaseLock.Acquire(settings.DatabasePath);
        builder.Services.AddSingleton(databaseLock);
        builder.Services.AddSingleton<AppDatabase>();
        builder.Services.AddSingleton<GroupCommit>();
        builder.Services.AddSingleton<SecretBox>();
        builder.Services.AddSingleton<InstallLifetimes>();
        builder.Services.Scan(scan => scan
            .FromAssemblyOf<AppDatabase>()
            .AddClasses(classes => classes.AssignableToAny(typeof(IStorageIndexes), typeof(ISealedSecretHolder)), publicOnly: false)
            .AsSelfWithInterfaces()
            .WithSingletonLifetime());
        builder.Services.Scan(scan => scan
            .FromAssemblyOf<AppDatabase>()
            .AddClasses(classes => classes.AssignableToAny(typeof(ICommandHandler<>), typeof(ICommandHandler<,>)))
            .AsImplementedInterfaces()
            .WithScopedLifetime());
        builder.Services.AddHostedService<StorageStartup>();
        builder.Services.AddHostedService<CheckpointService>();
        builder.Services.AddHostedService<StartupWarningsLogger>();

        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto;
            // Only the operator's own proxies may speak for the client address.
            options.KnownProxies.Clear();
            options.KnownIPNetworks.Clear();
            foreach (var network in settings.TrustedProxies)
                options.KnownIPNetworks.Add(network);
        });

        // Antiforgery and Razor rendering use data protection; keep its keys beside the database
        // so a restart does not invalidate them.
        builder.Services.AddDataProtection()
            .SetApplicationName("BlnkSliceApp")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(Path.GetDirectoryName(Path.GetFullPath(settings.DatabasePath))!, "keys")));
        builder.Services.AddProblemDetails();
        builder.Services.AddRazorComponents();
        // The portal lives in a cross-site iframe; frame-ancestors in the CSP is the rule.
        builder.Services.AddAntiforgery(options => options.SuppressXFrameOptionsHeader = true);
        builder.Services.AddAppRateLimits(builder.Configuration);
        builder.Services.AddPortalSessionAuthentication();

        foreach (var feature in typeof(BlnkSliceAppHost).Assembly.GetTypes()
                     .Where(type => type is { IsClass: true, IsAbstract: false } && typeof(IFeatureServices).IsAssignableFrom(type))
                     .OrderBy(type => type.FullName, StringComparer.Ordinal))
            ((IFeatureServices)Activator.CreateInstance(feature)!).Add(builder.Services, settings);

        builder.Services.AddFastEndpoints(options =>
        {
            options.Assemblies = [typeof(BlnkSliceAppHost).Assembly];
            options.DisableAutoDiscovery = true;
        });
    }

    public static void UsePipeline(WebApplication app)
    {
        var settings = app.Services.GetRequiredService<AppSettings>();

        if (settings.TrustedProxies.Count > 0)
            app.UseForwardedHeaders();
        app.UseMiddleware<RequestLogging>();
        app.UseMiddleware<SecurityHeaders>();
        app.UseMiddleware<BadRequestAsProblem>();
        // Refusals without a body of their own (404, 405, 415 from routing and binding, an htmx 401) get a ProblemDetails.
        app.UseStatusCodePages();
        app.UseMiddleware<UnreadableHostRefusal>();
        if (!app.Environment.IsEnvironment(TestingEnvironment))
            app.UseMiddleware<HideTestRoutes>();
        app.UseMiddleware<CloudRouteGuard>();
        app.UseMiddleware<PortalFormLimit>();

        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = new PhysicalFileProvider(Path.Combine(AppContext.BaseDirectory, "wwwroot")),
        });

        app.UseRateLimiter();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseFastEndpoints(config =>
        {
            config.Errors.UseProblemDetails();
            config.Endpoints.Configurator = endpoint => endpoint.DontAutoTag();
        });
    }
}
