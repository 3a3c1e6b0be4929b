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
    Task<KeyVerdict> CheckAsync(string instanceId, string apiKey, CancellationToken ct);
}

/// <summary>
/// One cheap read (the first ledger) with the key, attempted until a deadline that leaves the
/// callback inside Cloud's 10 seconds. Only Cloud's own answer is evidence: 2xx, or a 403 that
/// names a missing permission, prove the key; a 401 proves it dead.
/// </summary>
public sealed class CloudKeyCheck(IHttpClientFactory httpClients, ILogger<CloudKeyCheck> logger) : ICloudKeyCheck
{
    public const string HttpClientName = "BlnkCloudKeyCheck";
    static readonly TimeSpan AttemptTimeout = TimeSpan.FromSeconds(3);

    public async Task<KeyVerdict> CheckAsync(string instanceId, string apiKey, CancellationToken ct)
    {
        var http = httpClients.CreateClient(HttpClientName);
        for (var attempt = 1; ; attempt++)
        {
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(ct);
            limit.CancelAfter(AttemptTimeout);
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, $"data/ledgers?instance_id={Uri.EscapeDataString(instanceId)}&pageSize=1");
                request.Headers.Authorization = new("Bearer", apiKey);
                using var response = await http.SendAsync(request, limit.Token);
                var status = (int)response.StatusCode;
                var verdict = status switch
                {
                    >= 200 and < 300 => KeyVerdict.Accepted,
                    401 => KeyVerdict.Revoked,
                    403 when NamesMissingPermission(await response.Content.ReadAsByteArrayAsync(limit.Token)) => KeyVerdict.Accepted,
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

    /// <summary>
    /// A 403 proves the key only when it is about a scope. A 403 for another instance (a real key
    /// of someone else's instance) must not count, so the code decides, and words only when they
    /// name a permission and no instance.
    /// </summary>
    internal static bool NamesMissingPermission(byte[] body)
    {
        JsonNode? json;
        try { json = JsonNode.Parse(body); }
        catch (JsonException) { return false; }
        var code = Text(json?["error_detail"]?["code"]) ?? Text(json?["code"]);
        if (code is not null)
            return code.Equals("MISSING_PERMISSION", StringComparison.OrdinalIgnoreCase)
                || code.Equals("INSUFFICIENT_SCOPE", StringComparison.OrdinalIgnoreCase);
        var message = Text(json?["error"]) ?? Text(json?["message"]) ?? "";
        return (message.Contains("permission", StringComparison.OrdinalIgnoreCase) || message.Contains("scope", StringComparison.OrdinalIgnoreCase))
            && !message.Contains("instance", StringComparison.OrdinalIgnoreCase);
    }

    static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;
}
