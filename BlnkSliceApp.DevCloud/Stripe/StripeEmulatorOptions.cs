using System.Globalization;
using BlnkSliceApp.DevCloud.Faults;
using Microsoft.Extensions.Configuration;

namespace BlnkSliceApp.DevCloud.Stripe;

public sealed record StripeEmulatorOptions
{
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>0 picks a free port; read the result from <see cref="StripeEmulator.BaseUrl"/>.</summary>
    public int Port { get; init; }

    /// <summary>Same seed, same ids and amounts (timestamps follow <see cref="Anchor"/>).</summary>
    public int Seed { get; init; } = 42;

    public bool SeedAccount { get; init; } = true;

    /// <summary>The account's secret key; null derives a stable sk_test_ key from the seed.</summary>
    public string? SecretKey { get; init; }

    /// <summary>A restricted key that may read everything the sync reads; null derives one from the seed.</summary>
    public string? RestrictedKey { get; init; }

    /// <summary>Where the seeded history ends; null means now (to the minute).</summary>
    public DateTimeOffset? Anchor { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>Initial faults, copied into <see cref="StripeEmulator.Faults"/> (which stays mutable).</summary>
    public FaultPlan? Faults { get; init; }

    /// <summary>Stripe's per-account rate limit, requests per second over every key (test mode: 25); 0 turns it off.</summary>
    public int RequestsPerSecond { get; init; } = Api.AccountRateLimit.TestModeRequestsPerSecond;

    /// <summary>Seed for fault draws; 0 draws differently each run.</summary>
    public int FaultSeed { get; init; }

    /// <summary>
    /// Reads a configuration section such as <c>DevCloud:Stripe</c>: Host, Port, Seed, SeedAccount,
    /// SecretKey, RestrictedKey, RequestsPerSecond, FaultSeed and Faults:{LatencyMs, LatencyPerExpandedObjectMicros, Rate500, Rate503, Rate429,
    /// RateTimeout, RetryAfterSeconds, TimeoutHoldMs}. Missing keys keep their defaults.
    /// </summary>
    public static StripeEmulatorOptions FromConfiguration(IConfiguration section)
    {
        var defaults = new StripeEmulatorOptions();
        var faults = new FaultPlan();
        var faultSection = section.GetSection("Faults");
        faults.LatencyMs = Int(faultSection, "LatencyMs", faults.LatencyMs);
        faults.LatencyPerExpandedObjectMicros = Int(faultSection, "LatencyPerExpandedObjectMicros", 0);
        faults.Rate500 = Rate(faultSection, "Rate500");
        faults.Rate503 = Rate(faultSection, "Rate503");
        faults.Rate429 = Rate(faultSection, "Rate429");
        faults.RateTimeout = Rate(faultSection, "RateTimeout");
        faults.RetryAfterSeconds = Int(faultSection, "RetryAfterSeconds", faults.RetryAfterSeconds);
        faults.TimeoutHoldMs = Int(faultSection, "TimeoutHoldMs", faults.TimeoutHoldMs);
        Api.ControlEndpoints.Validate(faults);

        return defaults with
        {
            Host = section["Host"] ?? defaults.Host,
            Port = Int(section, "Port", defaults.Port),
            Seed = Int(section, "Seed", defaults.Seed),
            SeedAccount = section["SeedAccount"] is { } seedAccount ? bool.Parse(seedAccount) : defaults.SeedAccount,
            SecretKey = section["SecretKey"],
            RestrictedKey = section["RestrictedKey"],
            RequestsPerSecond = Int(section, "RequestsPerSecond", defaults.RequestsPerSecond),
            FaultSeed = Int(section, "FaultSeed", 0),
            Faults = faults,
        };
    }

    static int Int(IConfiguration section, string key, int fallback) =>
        section[key] is { } value ? int.Parse(value, CultureInfo.InvariantCulture) : fallback;

    static double Rate(IConfiguration section, string key) =>
        section[key] is { } value ? double.Parse(value, CultureInfo.InvariantCulture) : 0;
}
