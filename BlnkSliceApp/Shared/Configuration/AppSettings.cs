using System.Net;

namespace BlnkSliceApp.Shared.Configuration;

/// <summary>
/// Every setting the app reads, validated once at start-up. Names of the environment
/// variables are the public contract (README's configuration table).
/// </summary>
public sealed class AppSettings
{
    public required Uri PublicBaseUrl { get; init; }
    public required string DatabasePath { get; init; }
    public required byte[] SessionSecret { get; init; }
    public required byte[] EncryptionKey { get; init; }
    public byte[]? EncryptionKeyPrevious { get; init; }
    public required string FrameAncestors { get; init; }
    public required int PortalSessionMinutes { get; init; }
    /// <summary>Empty: every address may call the Cloud routes (Development, or CLOUD_ALLOWED_IPS=*).</summary>
    public required IReadOnlyList<IPNetwork> CloudAllowedIps { get; init; }
    public required IReadOnlyList<IPNetwork> TrustedProxies { get; init; }
    public required Uri BlnkCloudApiUrl { get; init; }

    /// <summary>Blnk Cloud's dashboard, where the portal links each alert (&lt;url&gt;/anomalies/&lt;id&gt;).</summary>
    public Uri BlnkCloudDashboardUrl { get; init; } = new("https://cloud.blnkfinance.com");

    /// <summary>The app_id Cloud gave the registered app; null only in Development (then any app_id is accepted).</summary>
    public string? BlnkAppId { get; init; }

    public string? StripeSecretKey { get; init; }

    /// <summary>The Cloud instances that may sync with <see cref="StripeSecretKey"/>; null: every instance (Development only).</summary>
    public IReadOnlySet<string>? StripeSecretKeyInstances { get; init; }
    public required Uri StripeApiBase { get; init; }
    public required int SyncIntervalMinutes { get; init; }
    public required int SyncBackfillDays { get; init; }

    /// <summary>Runs carried out at once across every install of this process; the others wait their turn.</summary>
    public int SyncMaxConcurrentRuns { get; init; } = 8;

    /// <summary>
    /// The managed heap (LiteDB's page cache included) above which no further run starts and,
    /// while runs go on, garbage is collected; the process's working set is about 130 MB more
    /// (runtime, code, mapped files).
    /// </summary>
    public const int DefaultSyncMemoryBudgetMegabytes = 384;

    /// <summary>A run beyond the first waits for the managed heap to be under this many MB (SYNC_MEMORY_BUDGET_MB).</summary>
    public int SyncMemoryBudgetMegabytes { get; init; } = DefaultSyncMemoryBudgetMegabytes;

    /// <summary>
    /// One run keeps at most 16 Cloud calls in flight (payout tags; customer look-ups take 4,
    /// posting 1 bulk call at a time), so one run alone never waits; eight runs at once share them.
    /// </summary>
    public const int DefaultCloudMaxConcurrentCalls = 32;

    /// <summary>Cloud calls (attempts) in flight at once across every install of this process; the others wait their turn.</summary>
    public int CloudMaxConcurrentCalls { get; init; } = DefaultCloudMaxConcurrentCalls;

    /// <summary>METRICS_PORT: the port of the Prometheus scrape endpoint; null: no metrics listener at all.</summary>
    public int? MetricsPort { get; init; }

    /// <summary>METRICS_BIND_ADDRESS: where that port listens; loopback unless the operator opens it on purpose.</summary>
    public IPAddress MetricsBindAddress { get; init; } = IPAddress.Loopback;

    /// <summary>OTEL_EXPORTER_OTLP_ENDPOINT: traces and metrics are pushed there over OTLP; null: nothing is pushed.</summary>
    public Uri? OtlpEndpoint { get; init; }

    /// <summary>True when the deployment's Stripe key may be used for installs on this instance.</summary>
    public bool ServerStripeKeyServes(string instanceId) =>
        !string.IsNullOrWhiteSpace(StripeSecretKey) && (StripeSecretKeyInstances is null || StripeSecretKeyInstances.Contains(instanceId));

    public TimeSpan PortalSessionLifetime => TimeSpan.FromMinutes(PortalSessionMinutes);
    public static readonly TimeSpan LaunchTokenLifetime = TimeSpan.FromMinutes(2);
}
