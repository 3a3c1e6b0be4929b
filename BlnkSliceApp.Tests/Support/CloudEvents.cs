using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace BlnkSliceApp.Tests.Support;

/// <summary>What Blnk Cloud sends, built the way Cloud builds it.</summary>
public sealed record InstallEvent(
    string InstalledAppId,
    string AppId,
    string InstanceId,
    string ApiKey,
    string[] GrantedPermissions)
{
    public string ApiKeyPrefix => ApiKey[..8];
    public string IdempotencyKey => $"install:{InstalledAppId}";

    public static InstallEvent New(params string[] scopes)
    {
        var suffix = Guid.NewGuid().ToString("N")[..12];
        return new InstallEvent($"instapp_{suffix}", "app_stripesync", $"inst_{suffix}", $"blnk_{Guid.NewGuid():N}{Guid.NewGuid():N}",
            scopes.Length == 0 ? ["data:read", "data:write", "alerts:read", "alerts:write"] : scopes);
    }

    public JsonObject Body() => new()
    {
        ["installed_app_id"] = InstalledAppId,
        ["app_id"] = AppId,
        ["instance_id"] = InstanceId,
        ["api_key"] = ApiKey,
        ["api_key_prefix"] = ApiKeyPrefix,
        ["granted_permissions"] = new JsonArray(GrantedPermissions.Select(scope => (JsonNode)scope!).ToArray()),
        ["idempotency_key"] = IdempotencyKey,
    };

    public JsonObject UninstallBody(DateTimeOffset? at = null) => new()
    {
        ["installed_app_id"] = InstalledAppId,
        ["app_id"] = AppId,
        ["instance_id"] = InstanceId,
        ["uninstalled_at"] = (at ?? DateTimeOffset.UtcNow).ToString("O"),
        ["idempotency_key"] = $"uninstall:{InstalledAppId}",
    };

    public JsonObject PortalBody() => new()
    {
        ["installed_app_id"] = InstalledAppId,
        ["app_id"] = AppId,
        ["instance_id"] = InstanceId,
    };
}

public static class CloudCalls
{
    public static async Task<InstallEvent> CreateInstallAsync(this HttpClient client, params string[] scopes)
    {
        var install = InstallEvent.New(scopes);
        var response = await client.PostAsJsonAsync("/api/callback", install.Body());
        response.EnsureSuccessStatusCode();
        return install;
    }


    /// <summary>Launches the install and returns the one-time portal URL.</summary>
    public static async Task<Uri> LaunchAsync(this HttpClient client, InstallEvent install)
    {
        var response = await client.PostAsJsonAsync("/api/portal", install.PortalBody());
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        return new Uri(body!["portal_url"]!.GetValue<string>());
    }

    /// <summary>Launches and enters the portal; returns the session token the page hands to its script.</summary>
    public static async Task<string> OpenPortalSessionAsync(this HttpClient client, InstallEvent install)
    {
        var url = await client.LaunchAsync(install);
        var page = await client.GetStringAsync(url.PathAndQuery);
        return PortalPages.SessionTokenIn(page) ?? throw new InvalidOperationException("The portal page has no session.");
    }
}

public static class PortalPages
{
    public static string? SessionTokenIn(string html)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html, "<meta name=\"portal-session\" content=\"([^\"]+)\"");
        return match.Success ? match.Groups[1].Value : null;
    }

    public static HttpRequestMessage HtmxGet(string path, string? session)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("HX-Request", "true");
        if (session is not null)
            request.Headers.Add("X-Portal-Session", session);
        return request;
    }
}
