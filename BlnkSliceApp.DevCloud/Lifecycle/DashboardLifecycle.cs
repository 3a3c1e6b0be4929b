using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using BlnkSliceApp.DevCloud.Cloud;
using BlnkSliceApp.DevCloud.Cloud.Installs;

namespace BlnkSliceApp.DevCloud.Lifecycle;

/// <summary>
/// What the dashboard's Install, Launch and Uninstall buttons do, exactly as Cloud does it:
/// one POST per event, and an install or uninstall counts only when the app answers 2xx
/// within the time limit (10 s in Cloud). The page and the tests both call this class.
/// </summary>
public sealed partial class DashboardLifecycle(
    CloudState state, AppRegistration registration, CallLog log, HttpClient http, TimeProvider clock, TimeSpan answerTimeout)
{
    public AppRegistration Registration => registration;
    public TimeSpan AnswerTimeout => answerTimeout;

    public async Task<DevCloudInstall> InstallAsync(IEnumerable<string> scopes, string? instanceId = null, CancellationToken ct = default)
    {
        var granted = scopes.Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var unknown = granted.Except(registration.RequestedScopes).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"The app did not request: {string.Join(", ", unknown)}", nameof(scopes));

        var apiKey = "blnk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var install = new DevCloudInstall
        {
            InstalledAppId = CloudIds.Token("instapp"),
            AppId = registration.AppId,
            InstanceId = string.IsNullOrWhiteSpace(instanceId) ? CloudIds.Token("inst") : instanceId,
            ApiKey = apiKey,
            ApiKeyPrefix = apiKey[..8],
            Scopes = granted,
            CreatedAt = clock.GetUtcNow(),
        };
        state.Installs.Add(install);
        state.Ledger(install.InstanceId);

        var payload = new JsonObject
        {
            ["installed_app_id"] = install.InstalledAppId,
            ["app_id"] = install.AppId,
            ["instance_id"] = install.InstanceId,
            ["api_key"] = install.ApiKey,
            ["api_key_prefix"] = install.ApiKeyPrefix,
            ["granted_permissions"] = new JsonArray(registration.RequestedScopes.Where(granted.Contains).Select(s => (JsonNode?)s).ToArray()),
            ["idempotency_key"] = install.IdempotencyKey,
        };
        var answer = await PostAsync(install, registration.CallbackUrl, payload, ct);
        install.InstallAnswer = answer.Status;
        // Cloud cancels an install the app did not confirm in time, and the key dies with it.
        install.State = answer.IsSuccess ? InstallState.Active : InstallState.Failed;
        return install;
    }

    public async Task<LaunchResult> LaunchAsync(string installedAppId, CancellationToken ct = default)
    {
        var install = state.Installs.Find(installedAppId);
        if (install is not { State: InstallState.Active })
            return new LaunchResult(null, null, "Only an active install can be launched.");

        var payload = new JsonObject
        {
            ["installed_app_id"] = install.InstalledAppId,
            ["app_id"] = install.AppId,
            ["instance_id"] = install.InstanceId,
        };
        var answer = await PostAsync(install, registration.PortalGeneratorUrl, payload, ct);
        if (!answer.IsSuccess)
            return new LaunchResult(answer.Status, null, answer.Error ?? $"The app answered {answer.Status}.");
        var portalUrl = PortalUrlOf(answer.Body);
        return portalUrl is null
            ? new LaunchResult(answer.Status, null, "The app's answer has no absolute http(s) portal_url.")
            : new LaunchResult(answer.Status, portalUrl, null);
    }

    public async Task<UninstallResult> UninstallAsync(string installedAppId, CancellationToken ct = default)
    {
        var install = state.Installs.Find(installedAppId);
        if (install is not { State: InstallState.Active })
            return new UninstallResult(null, "Only an active install can be uninstalled.");

        var at = clock.GetUtcNow();
        var payload = new JsonObject
        {
            ["installed_app_id"] = install.InstalledAppId,
            ["app_id"] = install.AppId,
            ["instance_id"] = install.InstanceId,
            ["uninstalled_at"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            ["idempotency_key"] = $"uninstall:{install.InstalledAppId}",
        };
        var answer = await PostAsync(install, registration.CallbackUrl, payload, ct);
        // On failure Cloud leaves the install (and its key) as it was.
        if (answer.IsSuccess)
        {
            install.UninstalledAt = at;
            install.State = InstallState.Uninstalled;
        }
        return new UninstallResult(answer.Status, answer.IsSuccess ? null : answer.Error ?? $"The app answered {answer.Status}.");
    }

    sealed record Answer(int? Status, string? Body, string? Error)
    {
        public bool IsSuccess => Status is >= 200 and < 300;
    }

    async Task<Answer> PostAsync(DevCloudInstall install, Uri url, JsonObject payload, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
        limit.CancelAfter(answerTimeout);
        Answer answer;
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url)
            {
                Content = new StringContent(payload.ToJsonString(), Encoding.UTF8, "application/json"),
            };
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            using var response = await http.SendAsync(request, limit.Token);
            var body = await response.Content.ReadAsStringAsync(limit.Token);
            answer = new Answer((int)response.StatusCode, body, null);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            answer = new Answer(null, null, $"No answer within {answerTimeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException failure)
        {
            answer = new Answer(null, null, $"Could not reach the app: {failure.Message}");
        }

        log.Add(new CallLogEntry(clock.GetUtcNow(), CallDirection.DashboardToApp, "POST", url.ToString(), answer.Status,
            Redact(payload.ToJsonString(), install), Redact(Truncate(answer.Body), install),
            Stopwatch.GetElapsedTime(started).TotalMilliseconds, answer.Error, install.InstalledAppId));
        return answer;
    }

    static Uri? PortalUrlOf(string? body)
    {
        try
        {
            var text = body is null ? null : JsonNode.Parse(body)?["portal_url"]?.GetValue<string>();
            return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : null;
        }
        catch (Exception failure) when (failure is JsonException or InvalidOperationException or FormatException)
        {
            return null;
        }
    }

    /// <summary>The log shows an API key as its prefix and never shows a launch token.</summary>
    static string? Redact(string? text, DevCloudInstall install)
    {
        if (text is null) return null;
        text = text.Replace(install.ApiKey, install.ApiKeyPrefix + "…", StringComparison.Ordinal);
        return TokenParameter().Replace(text, "$1[redacted]");
    }

    static string? Truncate(string? text) => text is { Length: > 4000 } ? text[..4000] + "…" : text;

    [GeneratedRegex(@"((?:token|session)=)[^&""\s<]+", RegexOptions.IgnoreCase)]
    private static partial Regex TokenParameter();
}
