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

    public async Task<DevCloudInstall> InstallAsync(IEnumerable<string> scopes, string? instanceId = null, CancellationToken ct = default,
        InstallPayloadShape shape = InstallPayloadShape.Current)
    {
        var granted = Granted(scopes);
        var install = new DevCloudInstall
        {
            InstalledAppId = CloudIds.Token("instapp"),
            AppId = registration.AppId,
            InstanceId = string.IsNullOrWhiteSpace(instanceId) ? CloudIds.Token("inst") : instanceId,
            Grant = Mint(granted, shape),
            CreatedAt = clock.GetUtcNow(),
        };
        state.Installs.Add(install);
        state.Ledger(install.InstanceId);

        var answer = await PostAsync(install, registration.CallbackUrl, InstallPayload(install, install.Grant, shape), ct);
        install.InstallAnswer = answer.Status;
        // Cloud cancels an install the app did not confirm in time, and the key dies with it.
        install.State = answer.IsSuccess ? InstallState.Active : InstallState.Failed;
        if (!answer.IsSuccess)
            install.Grant.Revoked = true;
        return install;
    }

    /// <summary>
    /// The user changes the granted set: Cloud mints a new key with the new scopes and sends a new
    /// install event for the same install (same idempotency key, new content). The new key replaces
    /// the old one once the app answers 2xx; otherwise the new key is revoked and the old one stays.
    /// </summary>
    public async Task<ChangeResult> ChangePermissionsAsync(string installedAppId, IEnumerable<string> scopes, CancellationToken ct = default)
    {
        var install = state.Installs.Find(installedAppId);
        if (install is not { State: InstallState.Active })
            return new ChangeResult(null, "Only an active install's permissions can be changed.");

        var grant = Mint(Granted(scopes), InstallPayloadShape.Current);
        install.PendingGrant = grant;
        state.Installs.AddKey(install, grant);
        var answer = await PostAsync(install, registration.CallbackUrl, InstallPayload(install, grant, InstallPayloadShape.Current), ct);
        install.PendingGrant = null;
        if (!answer.IsSuccess)
        {
            grant.Revoked = true;
            return new ChangeResult(answer.Status, answer.Error ?? $"The app answered {answer.Status}; the install keeps its old key and permissions.");
        }
        var previous = install.Grant;
        install.Grant = grant;
        previous.Revoked = true;
        return new ChangeResult(answer.Status, null);
    }

    HashSet<string> Granted(IEnumerable<string> scopes)
    {
        var granted = scopes.Distinct(StringComparer.Ordinal).ToHashSet(StringComparer.Ordinal);
        var unknown = granted.Except(registration.RequestedScopes).ToList();
        if (unknown.Count > 0)
            throw new ArgumentException($"The app did not request: {string.Join(", ", unknown)}", nameof(scopes));
        return granted;
    }

    /// <summary>
    /// Blnk's reference app sends "blnk_live_..." keys with the prefix "blnk_live_abcd", which is
    /// not the start of the key: the prefix identifies, it does not have to match.
    /// </summary>
    static KeyGrant Mint(IReadOnlySet<string> scopes, InstallPayloadShape shape)
    {
        var secret = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        return shape == InstallPayloadShape.BlnkExample
            ? new KeyGrant { ApiKey = "blnk_live_" + secret, ApiKeyPrefix = "blnk_live_abcd", Scopes = scopes }
            : new KeyGrant { ApiKey = "blnk_" + secret, ApiKeyPrefix = ("blnk_" + secret)[..8], Scopes = scopes };
    }

    JsonObject InstallPayload(DevCloudInstall install, KeyGrant grant, InstallPayloadShape shape)
    {
        var payload = new JsonObject
        {
            ["installed_app_id"] = install.InstalledAppId,
            ["app_id"] = install.AppId,
            ["instance_id"] = install.InstanceId,
            ["api_key"] = grant.ApiKey,
            ["api_key_prefix"] = grant.ApiKeyPrefix,
            ["granted_permissions"] = new JsonArray(registration.RequestedScopes.Where(grant.Scopes.Contains).Select(s => (JsonNode?)s).ToArray()),
            ["idempotency_key"] = install.IdempotencyKey,
        };
        // The seeds list organization_id; Cloud's current payload does not carry it.
        if (shape == InstallPayloadShape.BlnkExample)
            payload["organization_id"] = CloudIds.Token("org");
        return payload;
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

    /// <summary>
    /// As Cloud does it: the key is revoked first, then the uninstall event is sent. If the app
    /// does not answer 2xx the install stays "uninstalling" (its key dead) and can be tried again.
    /// </summary>
    public async Task<UninstallResult> UninstallAsync(string installedAppId, CancellationToken ct = default)
    {
        var install = state.Installs.Find(installedAppId);
        if (install is not { State: InstallState.Active or InstallState.Uninstalling })
            return new UninstallResult(null, "Only an active install can be uninstalled.");

        var at = install.UninstalledAt ?? clock.GetUtcNow();
        install.UninstalledAt = at;
        install.State = InstallState.Uninstalling;
        install.Grant.Revoked = true;
        var payload = new JsonObject
        {
            ["installed_app_id"] = install.InstalledAppId,
            ["app_id"] = install.AppId,
            ["instance_id"] = install.InstanceId,
            ["uninstalled_at"] = at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            ["idempotency_key"] = $"uninstall:{install.InstalledAppId}",
        };
        var answer = await PostAsync(install, registration.CallbackUrl, payload, ct);
        if (answer.IsSuccess)
            install.State = InstallState.Uninstalled;
        return new UninstallResult(answer.Status, answer.IsSuccess ? null : answer.Error ?? $"The app answered {answer.Status}; Cloud will try again.");
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
        if (install.PendingGrant is { } pending)
            text = text.Replace(pending.ApiKey, pending.ApiKeyPrefix + "…", StringComparison.Ordinal);
        return TokenParameter().Replace(text, "$1[redacted]");
    }

    static string? Truncate(string? text) => text is { Length: > 4000 } ? text[..4000] + "…" : text;

    [GeneratedRegex(@"((?:token|session)=)[^&""\s<]+", RegexOptions.IgnoreCase)]
    private static partial Regex TokenParameter();
}
