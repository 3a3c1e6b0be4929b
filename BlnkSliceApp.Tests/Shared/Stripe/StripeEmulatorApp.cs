using BlnkSliceApp.DevCloud.Stripe;
using BlnkSliceApp.Shared.Stripe;

namespace BlnkSliceApp.Tests.Shared.Stripe;

/// <summary>
/// DevCloud's Stripe emulator on loopback and the app pointed at it (STRIPE_API_BASE), with
/// short retry delays so fault tests stay fast. No STRIPE_SECRET_KEY unless a subclass sets one.
/// </summary>
public class StripeEmulatorApp : IAsyncLifetime
{
    public StripeEmulator Emulator { get; private set; } = null!;
    public AppFactory App { get; private set; } = null!;

    /// <summary>Settings applied after the defaults (environment variable names and Stripe:* options).</summary>
    protected virtual Dictionary<string, string?> ExtraSettings => new();

    protected virtual bool UseServerKey => false;

    /// <summary>The emulated account's own limit (Stripe's 429s); 0 is none.</summary>
    protected virtual int EmulatorRequestsPerSecond => 0;

    public async Task InitializeAsync()
    {
        // Stripe's own rate limit is off unless a subclass turns it on: these tests are about the gateway.
        Emulator = await StripeEmulator.StartAsync(new StripeEmulatorOptions { FaultSeed = 4242, RequestsPerSecond = EmulatorRequestsPerSecond });
        var settings = new Dictionary<string, string?>
        {
            ["STRIPE_API_BASE"] = Emulator.BaseUrl.ToString().TrimEnd('/'),
            ["Stripe:MaxRetries"] = "8",
            ["Stripe:RetryBaseDelayMs"] = "5",
            ["Stripe:MaxRetryDelayMs"] = "5000",
            ["Stripe:AttemptTimeoutMs"] = "3000",
            ["Stripe:TestRequestsPerSecond"] = "500",
        };
        if (UseServerKey)
            settings["STRIPE_SECRET_KEY"] = Emulator.SecretKey;
        foreach (var (name, value) in ExtraSettings)
            settings[name] = value;
        App = new AppFactory { Settings = settings };
        _ = App.Services; // start the host now, not inside the first test's timing
    }

    public async Task DisposeAsync()
    {
        App.Dispose();
        await Emulator.DisposeAsync();
    }

    public StripeGateway Gateway => App.Service<StripeGateway>();

    public StripeCredentials Credentials(string? key = null) =>
        StripeCredentials.FromKey(key ?? Emulator.SecretKey, null, StripeKeySource.Install);

    /// <summary>Clears injected faults; each test starts from a healthy Stripe.</summary>
    public void Heal() => Emulator.Faults.Reset();
}

/// <summary>The same, with the emulated account's key as the server's STRIPE_SECRET_KEY.</summary>
public sealed class StripeEmulatorAppWithServerKey : StripeEmulatorApp
{
    protected override bool UseServerKey => true;
}
