using System.Text.Json;
using System.Text.Json.Nodes;

namespace BlnkSliceApp.Shared.Installs;

/// <summary>What Cloud said of an API key for one instance.</summary>
public enum KeyVerdict
{
    /// <summary>Cloud knows the key for this instance: a read answered, or it refused only for a missing scope.</summary>
    Accepted,

    /// <summary>Cloud answered 401: the key does not exist or was revoked.</summary>
    Revoked,

    /// <summary>Cloud answered but proved nothing (a 403 for another instance, a 404): not evidence either way.</summary>
    Inconclusive,

    /// <summary>No answer that counts (network, time-out, 5xx, 429) before the deadline.</summary>
    Unreachable,
}

/// <summary>
/// Asks Blnk Cloud whether an API key is live for an instance. Cloud's install and uninstall
/// events carry no signature, so an event that would change a key or end an install is
/// believed only when Cloud itself confirms it (issue 10, README "Threat model").
/// </summary>
public interface ICloudKeyCheck
{
    /// <param name="scopes">What the key is said to grant: the check reads a route those scopes allow.</param>
    Task<KeyVerdict> CheckAsync(string instanceId, string apiKey, IReadOnlyCollection<string> scopes, CancellationToken ct);
}

/// <summary>
/// One cheap read with the key, attempted until the caller's deadline (which leaves the callback
/// inside Cloud's 10 seconds). Only Cloud's own answer is evidence: a 2xx from a route the key's
/// scopes allow proves it (the first ledger with data:read, the alerts with alerts:read); a key
/// granted neither is proven only by a 403 whose code says a permission is missing, never by
/// its words (a 403 for another instance must not count); a 401 proves it dead.
/// </summary>
public sealed class CloudKeyCheck(IHttpClientFactory httpClients, ILogger<CloudKeyCheck> logger) : ICloudKeyCheck
{
    public const string HttpClientName = "BlnkCloudKeyCheck";
    static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);

    public async Task<KeyVerdict> CheckAsync(string instanceId, string apiKey, IReadOnlyCollection<string> scopes, CancellationToken ct)
    {
        var http = httpClients.CreateClient(HttpClientName);
        var instance = Uri.EscapeDataString(instanceId);
        var (path, readable) = scopes.Contains(Scopes.DataRead) ? ($"data/ledgers?instance_id={instance}&pageSize=1", true)
            : scopes.Contains(Scopes.AlertsRead) ? ($"alerts?instance_id={instance}", true)
            : ($"data/ledgers?instance_id={instance}&pageSize=1", false);
        for (var attempt = 1; ; attempt++)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(AttemptTimeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, path);
                // A value no header may carry proves nothing; it is not Cloud being away.
                if (!request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + apiKey) || apiKey.Any(c => c is < '!' or > '~'))
                    return KeyVerdict.Inconclusive;
                using var response = await http.SendAsync(request, limit.Token);
                var status = (int)response.StatusCode;
                var verdict = status switch
                {
                    >= 200 and < 300 when readable => KeyVerdict.Accepted,
                    401 => KeyVerdict.Revoked,
                    403 when !readable && CodeIsMissingPermission(await response.Content.ReadAsByteArrayAsync(limit.Token)) => KeyVerdict.Accepted,
                    408 or 429 or >= 500 => KeyVerdict.Unreachable,
                    _ => KeyVerdict.Inconclusive,
                };
                if (verdict != KeyVerdict.Unreachable)
                    return verdict;
                logger.LogInformation("Cloud key check for instance {InstanceId}: HTTP {Status} on attempt {Attempt}", instanceId, status, attempt);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return KeyVerdict.Unreachable;
            }
            catch (Exception error) when (error is HttpRequestException or OperationCanceledException)
            {
                logger.LogInformation("Cloud key check for instance {InstanceId}: no answer on attempt {Attempt} ({Error})", instanceId, attempt, error.GetType().Name);
            }
            try
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), ct);
            }
            catch (OperationCanceledException)
            {
                return KeyVerdict.Unreachable;
            }
        }
    }

    /// <summary>Core's and Cloud's refusals carry a machine-readable code; only that decides.</summary>
    internal static bool CodeIsMissingPermission(byte[] body)
    {
        JsonNode? json;
        try { json = JsonNode.Parse(body); }
        catch (JsonException) { return false; }
        var code = Text(json?["error_detail"]?["code"]) ?? Text(json?["code"]);
        return string.Equals(code, "MISSING_PERMISSION", StringComparison.Ordinal);
    }

    static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
