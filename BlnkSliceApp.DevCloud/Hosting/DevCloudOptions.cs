using BlnkSliceApp.DevCloud.Faults;

namespace BlnkSliceApp.DevCloud.Hosting;

/// <summary>
/// How DevCloud runs. <c>dotnet run</c> binds the "DevCloud" section of devcloud.json,
/// DEVCLOUD__* environment variables and command-line arguments (DevCloud:AppUrl=...).
/// </summary>
public sealed class DevCloudOptions
{
    /// <summary>The emulated dashboard and Cloud API. Port 0 picks a free port.</summary>
    public string DevCloudUrl { get; set; } = "http://127.0.0.1:5090";

    /// <summary>
    /// The app. A different host than DevCloud's on purpose: localhost and 127.0.0.1 are
    /// different sites, so the portal iframe is cross-site, as it is inside Blnk Cloud.
    /// Port 0 picks a free port.
    /// </summary>
    public string AppUrl { get; set; } = "http://localhost:5080";

    /// <summary>Host the app in this process; false registers <see cref="AppUrl"/> and expects it to run elsewhere.</summary>
    public bool StartApp { get; set; } = true;

    /// <summary>Where the hosted app keeps its database; relative paths are under the output folder.</summary>
    public string DataDirectory { get; set; } = "devcloud-data";

    /// <summary>Delete <see cref="DataDirectory"/> when the handle is disposed (tests).</summary>
    public bool DeleteDataOnDispose { get; set; }

    /// <summary>Run the Stripe emulator (with its seeded test account) and point the app at it.</summary>
    public bool StartStripe { get; set; } = true;

    /// <summary>Where the Stripe emulator listens. Port 0 picks a free port.</summary>
    public string StripeUrl { get; set; } = "http://127.0.0.1:5091";

    /// <summary>The seed of the emulated Stripe account: the same seed, the same account.</summary>
    public int StripeSeed { get; set; } = 42;

    /// <summary>The emulated account's rate limit over all its keys, requests per second (Stripe's test mode: 25); 0 turns it off.</summary>
    public int StripeRequestsPerSecond { get; set; } = Stripe.Api.AccountRateLimit.TestModeRequestsPerSecond;

    /// <summary>Seed the emulated Stripe account with customers and activity.</summary>
    public bool SeedStripeAccount { get; set; } = true;

    /// <summary>Given to the app as STRIPE_API_BASE; null means the Stripe emulator's (when it runs) or the app's default.</summary>
    public string? StripeApiBase { get; set; }

    /// <summary>Given to the app as STRIPE_SECRET_KEY; null means the emulated account's key (when it runs) or unset.</summary>
    public string? StripeSecretKey { get; set; }

    /// <summary>How long Cloud waits for the app's 2xx on install, launch and uninstall (10 s in Cloud).</summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Initial faults of the Cloud API; changed live through the handle or the page.</summary>
    public FaultPlan CloudFaults { get; set; } = new();

    /// <summary>Log warnings and errors only (tests).</summary>
    public bool Quiet { get; set; }

    /// <summary>The permissions the registered app requests; null means the four Cloud supports today. A test may add a scope Cloud adds later.</summary>
    public IReadOnlyList<string>? RequestedScopes { get; set; }

    /// <summary>Extra configuration for the app (environment variable names), applied last.</summary>
    public Dictionary<string, string?> AppSettings { get; set; } = new();

    /// <summary>Last say over the app's builder, e.g. for a test clock.</summary>
    public Action<WebApplicationBuilder>? ConfigureApp { get; set; }

    /// <summary>Free loopback ports, a fresh temporary data folder, quiet logs.</summary>
    public static DevCloudOptions ForTests() => new()
    {
        DevCloudUrl = "http://127.0.0.1:0",
        AppUrl = "http://localhost:0",
        StripeUrl = "http://127.0.0.1:0",
        DataDirectory = Directory.CreateTempSubdirectory("devcloud-test-").FullName,
        DeleteDataOnDispose = true,
        Quiet = true,
    };
}
