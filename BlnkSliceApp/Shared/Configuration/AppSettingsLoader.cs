using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace BlnkSliceApp.Shared.Configuration;

/// <summary>
/// Reads <see cref="AppSettings"/> from configuration (environment variables win over
/// appsettings). Outside Development, a missing or malformed value stops the app with a
/// <see cref="ConfigurationError"/>; in Development, secrets are generated once and kept
/// beside the database so a restart keeps sessions and stored keys readable.
/// </summary>
public static class AppSettingsLoader
{
    public const string DefaultFrameAncestors = "'self' https://blnkfinance.com https://*.blnkfinance.com";

    public static AppSettings Load(IConfiguration config, IHostEnvironment env, Action<string> warn)
    {
        var development = env.IsDevelopment() || env.IsEnvironment("Testing");

        var databasePath = Text(config, "DATABASE_PATH") ?? "data/blnkslice.db";
        if (databasePath.IndexOfAny(Path.GetInvalidPathChars()) >= 0)
            throw new ConfigurationError("DATABASE_PATH", "must be a valid file path");

        var publicBaseUrl = Text(config, "PUBLIC_BASE_URL") is { } publicText
            ? AbsoluteUrl("PUBLIC_BASE_URL", publicText, requireHttps: !development)
            : development
                ? new Uri("http://localhost:5080")
                : throw new ConfigurationError("PUBLIC_BASE_URL",
                    "is required outside Development: the public HTTPS origin Blnk Cloud reaches, e.g. https://blnkslice.example.com");

        DevelopmentSecrets? devSecrets = null;
        DevelopmentSecrets DevSecrets() => devSecrets ??= DevelopmentSecrets.LoadOrCreate(databasePath, warn);

        var sessionSecret = Text(config, "SESSION_SECRET") is { } secretText
            ? SessionSecret(secretText)
            : development
                ? DevSecrets().SessionSecret
                : throw new ConfigurationError("SESSION_SECRET", "is required outside Development: a random secret of at least 32 bytes");

        var encryptionKey = Text(config, "ENCRYPTION_KEY") is { } keyText
            ? Key32("ENCRYPTION_KEY", keyText)
            : development
                ? DevSecrets().EncryptionKey
                : throw new ConfigurationError("ENCRYPTION_KEY", "is required outside Development: base64 of 32 random bytes (openssl rand -base64 32)");

        var previousKey = Text(config, "ENCRYPTION_KEY_PREVIOUS") is { } previousText
            ? Key32("ENCRYPTION_KEY_PREVIOUS", previousText)
            : null;

        var frameAncestors = FrameAncestors(Text(config, "FRAME_ANCESTORS") ?? DefaultFrameAncestors);
        if (Text(config, "SESSION_SECRET") is { } sessionText && sessionText == Text(config, "ENCRYPTION_KEY"))
            throw new ConfigurationError("SESSION_SECRET", "must differ from ENCRYPTION_KEY");

        var cloudAllowedIps = CloudAllowedIps(config, development, warn);
        if (development && !publicBaseUrl.IsLoopback)
            warn($"PUBLIC_BASE_URL ({publicBaseUrl.Host}) is reachable from outside, but Development rules are in force: any address, any app_id, and STRIPE_SECRET_KEY for every instance. " +
                 "Behind a tunnel, run with ASPNETCORE_ENVIRONMENT=Production, BLNK_APP_ID and TRUSTED_PROXIES set to the tunnel (README, Local testing through a tunnel).");
        var blnkAppId = Text(config, "BLNK_APP_ID") is { } appId
            ? CloudId("BLNK_APP_ID", appId)
            : development
                ? null
                : throw new ConfigurationError("BLNK_APP_ID",
                    "is required outside Development: the app_id Blnk Cloud gave this app when it was registered (install, uninstall and portal requests for any other app are refused)");

        var stripeSecretKey = Text(config, "STRIPE_SECRET_KEY");
        var stripeKeyInstances = StripeKeyInstances(config, stripeSecretKey, development, warn);

        var metricsPort = Text(config, "METRICS_PORT") is null ? (int?)null : Int(config, "METRICS_PORT", 0, min: 1, max: 65535);
        var metricsAddress = MetricsBindAddress(config, metricsPort, warn);

        return new AppSettings
        {
            PublicBaseUrl = publicBaseUrl,
            DatabasePath = databasePath,
            SessionSecret = sessionSecret,
            EncryptionKey = encryptionKey,
            EncryptionKeyPrevious = previousKey,
            FrameAncestors = frameAncestors,
            PortalSessionMinutes = Int(config, "PORTAL_SESSION_MINUTES", 15, min: 1, max: 60),
            CloudAllowedIps = cloudAllowedIps,
            TrustedProxies = Networks(config, "TRUSTED_PROXIES"),
            BlnkCloudApiUrl = AbsoluteUrl("BLNK_CLOUD_API_URL",
                Text(config, "BLNK_CLOUD_API_URL") ?? "https://api.cloud.blnkfinance.com", requireHttps: false),
            BlnkCloudDashboardUrl = AbsoluteUrl("BLNK_CLOUD_DASHBOARD_URL",
                Text(config, "BLNK_CLOUD_DASHBOARD_URL") ?? "https://cloud.blnkfinance.com", requireHttps: false),
            BlnkAppId = blnkAppId,
            StripeSecretKey = stripeSecretKey,
            StripeSecretKeyInstances = stripeKeyInstances,
            StripeApiBase = AbsoluteUrl("STRIPE_API_BASE",
                Text(config, "STRIPE_API_BASE") ?? "https://api.stripe.com", requireHttps: false),
            SyncIntervalMinutes = Int(config, "SYNC_INTERVAL_MINUTES", 60, min: 0, max: 7 * 24 * 60),
            SyncBackfillDays = Int(config, "SYNC_BACKFILL_DAYS", 90, min: 1, max: 3650),
            SyncMaxConcurrentRuns = Int(config, "SYNC_MAX_CONCURRENT_RUNS", 8, min: 1, max: 256),
            SyncMemoryBudgetMegabytes = Int(config, "SYNC_MEMORY_BUDGET_MB", AppSettings.DefaultSyncMemoryBudgetMegabytes, min: 16, max: 1024 * 1024),
            CloudMaxConcurrentCalls = Int(config, "CLOUD_MAX_CONCURRENT_CALLS", AppSettings.DefaultCloudMaxConcurrentCalls, min: 1, max: 1024),
            MetricsPort = metricsPort,
            MetricsBindAddress = metricsAddress,
            OtlpEndpoint = Text(config, "OTEL_EXPORTER_OTLP_ENDPOINT") is { } otlp
                ? AbsoluteUrl("OTEL_EXPORTER_OTLP_ENDPOINT", otlp, requireHttps: false)
                : null,
        };
    }

    static string? Text(IConfiguration config, string name) =>
        config[name] is { } value && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    static Uri AbsoluteUrl(string name, string text, bool requireHttps)
    {
        if (!Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri) || (uri.Scheme != "https" && uri.Scheme != "http"))
            throw new ConfigurationError(name, "must be an absolute http(s) URL");
        if (requireHttps && uri.Scheme != "https")
            throw new ConfigurationError(name, "must be an https:// URL outside Development");
        if (!string.IsNullOrEmpty(uri.Query) || !string.IsNullOrEmpty(uri.Fragment))
            throw new ConfigurationError(name, "must not carry a query or fragment");
        return uri;
    }

    static int Int(IConfiguration config, string name, int fallback, int min, int max)
    {
        var text = Text(config, name);
        if (text is null) return fallback;
        if (!int.TryParse(text, out var value) || value < min || value > max)
            throw new ConfigurationError(name, $"must be a whole number from {min} to {max}");
        return value;
    }

    static byte[] SessionSecret(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        if (bytes.Length < 32)
            throw new ConfigurationError("SESSION_SECRET", "must be at least 32 bytes long");
        // A typed or repeated string is not a secret; random base64 of 32 bytes has ~30 distinct characters.
        if (text.Distinct().Count() < 16)
            throw new ConfigurationError("SESSION_SECRET", "looks typed rather than random: use openssl rand -base64 48");
        return bytes;
    }

    static byte[] Key32(string name, string text)
    {
        var bytes = new byte[32];
        if (!Convert.TryFromBase64String(text, bytes, out var written) || written != 32)
            throw new ConfigurationError(name, "must be base64 of exactly 32 bytes (openssl rand -base64 32)");
        if (bytes.Distinct().Count() < 16)
            throw new ConfigurationError(name, "is not random (too few distinct bytes): use openssl rand -base64 32");
        return bytes;
    }

    /// <summary>Space-separated CSP sources; nothing that would let any site frame the portal.</summary>
    static string FrameAncestors(string text)
    {
        if (text.IndexOfAny([';', ',', '\r', '\n']) >= 0)
            throw new ConfigurationError("FRAME_ANCESTORS", "must be space-separated CSP sources without ';' or ','");
        var tooBroad = text.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(source => source is "*" or "http:" or "https:" or "data:" or "blob:" or "'unsafe-inline'" or "http://*" or "https://*");
        if (tooBroad is not null)
            throw new ConfigurationError("FRAME_ANCESTORS", $"must name the sites allowed to frame the portal; '{tooBroad}' allows any site");
        return text;
    }

    /// <summary>Blnk Cloud's published egress addresses: the only callers of /api/callback and /api/portal in production.</summary>
    public static readonly string[] BlnkCloudEgress = ["161.35.166.95", "161.35.171.250"];

    /// <summary>
    /// Unset outside Development means Cloud's own addresses; "*" turns the filter off (a tunnel,
    /// or a proxy that filters), which is worth a warning because Cloud's calls carry no signature.
    /// </summary>
    static IReadOnlyList<IPNetwork> CloudAllowedIps(IConfiguration config, bool development, Action<string> warn)
    {
        var text = Text(config, "CLOUD_ALLOWED_IPS");
        if (text == "*")
        {
            warn("CLOUD_ALLOWED_IPS=* : any address can call /api/callback and /api/portal. Blnk Cloud's calls carry no signature; keep this only behind a proxy or tunnel that filters them.");
            return [];
        }
        if (text is null)
            return development ? [] : Networks("CLOUD_ALLOWED_IPS", string.Join(',', BlnkCloudEgress));
        return Networks("CLOUD_ALLOWED_IPS", text);
    }

    static IReadOnlySet<string>? StripeKeyInstances(IConfiguration config, string? stripeSecretKey, bool development, Action<string> warn)
    {
        var text = Text(config, "STRIPE_SECRET_KEY_INSTANCES");
        if (text is not null)
            return text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(id => CloudId("STRIPE_SECRET_KEY_INSTANCES", id))
                .ToHashSet(StringComparer.Ordinal);
        if (stripeSecretKey is null)
            return null;
        if (!development)
            throw new ConfigurationError("STRIPE_SECRET_KEY_INSTANCES",
                "is required with STRIPE_SECRET_KEY outside Development: the comma list of Blnk Cloud instance ids (inst_...) allowed to sync with the deployment's Stripe key");
        warn("STRIPE_SECRET_KEY is set without STRIPE_SECRET_KEY_INSTANCES: in Development every instance may sync with it.");
        return null;
    }

    /// <summary>
    /// Loopback unless told: the scrape endpoint has no authentication, so reaching it from the
    /// network is the operator's decision (a scraper in the same pod needs only loopback).
    /// </summary>
    static IPAddress MetricsBindAddress(IConfiguration config, int? metricsPort, Action<string> warn)
    {
        var text = Text(config, "METRICS_BIND_ADDRESS");
        if (text is not null && !IPAddress.TryParse(text, out _))
            throw new ConfigurationError("METRICS_BIND_ADDRESS", "must be an IP address (127.0.0.1, ::1, or 0.0.0.0 for every interface)");
        var address = text is null ? IPAddress.Loopback : IPAddress.Parse(text);
        if (metricsPort is not { } port)
        {
            if (text is not null)
                warn("METRICS_BIND_ADDRESS is set but METRICS_PORT is not: metrics stay off.");
            return address;
        }
        var appUrls = Text(config, "urls") ?? Text(config, "ASPNETCORE_URLS") ?? "http://localhost:5080";
        foreach (var url in appUrls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // "http://+:8080" and "http://*:8080" are not URIs to System.Uri: read the port after the last ':'.
            var portText = url.TrimEnd('/')[(url.TrimEnd('/').LastIndexOf(':') + 1)..];
            if (int.TryParse(portText, out var appPort) && appPort == port)
                throw new ConfigurationError("METRICS_PORT", $"must differ from the app's own port ({appPort}): the metrics listener serves nothing but /metrics");
        }
        return address;
    }

    /// <summary>Cloud's ids: letters, digits, '_' and '-'.</summary>
    static string CloudId(string name, string text)
    {
        if (text.Length is 0 or > 200 || !text.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            throw new ConfigurationError(name, $"must hold Blnk Cloud ids (letters, digits, '_' and '-'); '{(text.Length > 40 ? text[..40] + "..." : text)}' is not one");
        return text;
    }

    static IReadOnlyList<IPNetwork> Networks(IConfiguration config, string name) =>
        Text(config, name) is { } text ? Networks(name, text) : [];

    static IReadOnlyList<IPNetwork> Networks(string name, string text)
    {
        var result = new List<IPNetwork>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (IPNetwork.TryParse(part, out var network))
                result.Add(network);
            else if (IPAddress.TryParse(part, out var address))
                result.Add(new IPNetwork(address, address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork ? 32 : 128));
            else
                throw new ConfigurationError(name, $"must be a comma list of IP addresses or CIDR ranges; '{part}' is neither");
        }
        return result;
    }

    /// <summary>Development-only secrets, generated once and kept beside the database file.</summary>
    sealed record DevelopmentSecrets(byte[] SessionSecret, byte[] EncryptionKey)
    {
        public static DevelopmentSecrets LoadOrCreate(string databasePath, Action<string> warn)
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(databasePath))!;
            var path = Path.Combine(directory, "dev-secrets.json");
            if (File.Exists(path))
            {
                var stored = JsonSerializer.Deserialize<Dictionary<string, string>>(File.ReadAllText(path))!;
                return new(Convert.FromBase64String(stored["session_secret"]), Convert.FromBase64String(stored["encryption_key"]));
            }

            Directory.CreateDirectory(directory);
            var created = new DevelopmentSecrets(RandomNumberGenerator.GetBytes(48), RandomNumberGenerator.GetBytes(32));
            File.WriteAllText(path, JsonSerializer.Serialize(new Dictionary<string, string>
            {
                ["session_secret"] = Convert.ToBase64String(created.SessionSecret),
                ["encryption_key"] = Convert.ToBase64String(created.EncryptionKey),
            }));
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            warn($"SESSION_SECRET and ENCRYPTION_KEY are not set: generated development secrets in {path}. Set both in production.");
            return created;
        }
    }
}
