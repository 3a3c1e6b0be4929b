using BlnkSliceApp.DevCloud.Hosting;

namespace BlnkSliceApp.Tests.DevCloud;

/// <summary>
/// One DevCloud (app in process, emulated Stripe) and one Chromium for the journeys of a class.
/// The app gets no deployment Stripe key, so a journey must connect one in the portal as a user
/// would; its clock can be moved on to let a portal session expire.
/// </summary>
public sealed class PortalJourneyHarness : DevCloudApp, IAsyncLifetime
{
    public MovableClock Clock { get; } = new();
    public Chromium Chromium { get; private set; } = null!;

    /// <summary>Screenshots go here; SCREENSHOT_DIR (for example docs/screenshots) replaces the output folder's.</summary>
    public string ScreenshotDirectory { get; } = Environment.GetEnvironmentVariable("SCREENSHOT_DIR") is { Length: > 0 } chosen
        ? Path.GetFullPath(chosen)
        : Path.Combine(AppContext.BaseDirectory, "screenshots");

    protected override void Configure(Dictionary<string, string?> appSettings)
    {
        appSettings["RateLimits:PortalEnterPerMinute"] = "100000";
        appSettings["PORTAL_SESSION_MINUTES"] = "15";
        // Stripe's own limit is not what the journey is about; the bar still moves for seconds.
        appSettings["Stripe:TestRequestsPerSecond"] = "1000";
    }

    protected override void Configure(DevCloudOptions options)
    {
        options.StripeSecretKey = "";
        options.ConfigureApp = builder => builder.Services.AddSingleton<TimeProvider>(Clock);
    }

    public new async Task InitializeAsync()
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        await Task.WhenAll(base.InitializeAsync(), LaunchChromiumAsync());
    }

    async Task LaunchChromiumAsync() => Chromium = await Chromium.LaunchAsync();

    public new async Task DisposeAsync()
    {
        if (Chromium is not null) await Chromium.DisposeAsync();
        await base.DisposeAsync();
    }
}
