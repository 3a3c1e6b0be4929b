using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using BlnkSliceApp.Shared.Installs;
using Polly.Timeout;

namespace BlnkSliceApp.Shared.Cloud;

/// <summary>
/// Blnk Cloud's API as one install sees it: its key (Bearer), its instance, its scopes. Every
/// call checks the scope first and the install's lifetime before each attempt; failures come
/// back as <see cref="CloudCallException"/> in words a finance person understands.
/// </summary>
public sealed partial class CloudClient
{
    readonly HttpClient _http;
    readonly string _key;
    readonly CancellationToken _lifetime;
    readonly IReadOnlySet<string> _scopes;
    readonly ILogger _logger;

    internal CloudClient(HttpClient http, InstallRecord install, string key, CancellationToken lifetime, ILogger logger)
    {
        _http = http;
        _key = key;
        _lifetime = lifetime;
        _logger = logger;
        _scopes = install.GrantedPermissions.ToHashSet(StringComparer.Ordinal);
        InstalledAppId = install.InstalledAppId;
        InstanceId = install.InstanceId;
    }

    public string InstalledAppId { get; }
    public string InstanceId { get; }

    public bool Has(string scope) => _scopes.Contains(scope);

    long _writesSent;

    /// <summary>Calls other than reads this client has sent (or tried to): none since a moment means the ledger is as this install's app left it then.</summary>
    public long WritesSent => Interlocked.Read(ref _writesSent);

    /// <summary>True once the install has been uninstalled: every call is refused without being sent.</summary>
    public bool Ended => _lifetime.IsCancellationRequested;

    /// <summary>Cloud's answer: status, parsed body and Core's error fields when it refused.</summary>
    internal sealed record Answer(int Status, JsonNode? Body, string? Code, string? Error, JsonObject? Details)
    {
        public bool Ok => Status is >= 200 and < 300;
        public JsonObject? Object => Body as JsonObject;
    }

    internal Task<Answer> SendAsync(
        HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? query, JsonNode? body,
        string scope, RetryMode retry, string what, CancellationToken ct) =>
        // UTF-8 straight from the tree: as a .NET string a large body would be twice the size, on the large-object heap.
        SendUtf8Async(method, path, query, body is null ? null : JsonSerializer.SerializeToUtf8Bytes(body), scope, retry, what, ct);

    internal async Task<Answer> SendUtf8Async(
        HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? query, ReadOnlyMemory<byte>? utf8Body,
        string scope, RetryMode retry, string what, CancellationToken ct)
    {
        if (!Has(scope))
            throw new CloudCallException($"The app cannot {what}: it lacks the {scope} permission in this Blnk instance. An admin can reinstall the app in Blnk Cloud and grant it.", 403, "MISSING_PERMISSION");
        ThrowIfEnded(ct);
        if (method != HttpMethod.Get)
            Interlocked.Increment(ref _writesSent);

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, _lifetime);
        using var request = new HttpRequestMessage(method, Url(path, query));
        request.Headers.Authorization = new("Bearer", _key);
        request.Options.Set(CloudRequests.Lifetime, _lifetime);
        request.Options.Set(CloudRequests.InstalledAppId, InstalledAppId);
        request.Options.Set(CloudRequests.Retry, retry);
        if (utf8Body is { } bytes)
            request.Content = new ReadOnlyMemoryContent(bytes) { Headers = { ContentType = new("application/json") { CharSet = "utf-8" } } };

        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, linked.Token);
            // The answer is already buffered (ResponseContentRead, inside the retries): parsed from its bytes, never turned into a string.
            return Parse((int)response.StatusCode, await response.Content.ReadAsStreamAsync(linked.Token));
        }
        catch (InstallEndedException)
        {
            throw;
        }
        catch (OperationCanceledException) when (_lifetime.IsCancellationRequested)
        {
            throw new InstallEndedException(InstalledAppId, _lifetime);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
        catch (TimeoutRejectedException)
        {
            _logger.LogWarning("Cloud call of {InstalledAppId} timed out: {Method} {Path}", InstalledAppId, method, path);
            throw new CloudCallException($"Blnk Cloud did not answer in time while the app tried to {what}, even after several tries. The next run checks what arrived and continues.", outcomeUnknown: true);
        }
        catch (HttpRequestException error)
        {
            _logger.LogWarning("Cloud call of {InstalledAppId} failed: {Method} {Path}: {Error}", InstalledAppId, method, path, error.HttpRequestError);
            throw new CloudCallException($"Blnk Cloud could not be reached while the app tried to {what} ({Words(error.HttpRequestError)}). The next run continues where this one stopped.",
                outcomeUnknown: error.HttpRequestError is not (HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError));
        }
        catch (OperationCanceledException)
        {
            // Neither the caller nor the install stopped it: HttpClient gave up on its own.
            throw new CloudCallException($"Blnk Cloud did not answer in time while the app tried to {what}.", outcomeUnknown: true);
        }
    }

    void ThrowIfEnded(CancellationToken ct)
    {
        if (_lifetime.IsCancellationRequested)
            throw new InstallEndedException(InstalledAppId, _lifetime);
        ct.ThrowIfCancellationRequested();
    }

    string Url(string path, IEnumerable<KeyValuePair<string, string>>? query)
    {
        var builder = new StringBuilder(path.TrimStart('/'));
        builder.Append("?instance_id=").Append(Uri.EscapeDataString(InstanceId));
        foreach (var (name, value) in query ?? [])
            builder.Append('&').Append(Uri.EscapeDataString(name)).Append('=').Append(Uri.EscapeDataString(value));
        return builder.ToString();
    }

    static Answer Parse(int status, Stream utf8)
    {
        JsonNode? body = null;
        if (!utf8.CanSeek || utf8.Length > 0)
        {
            try { body = JsonNode.Parse(utf8); }
            catch (JsonException) { body = null; }
        }
        if (status is >= 200 and < 300)
            return new Answer(status, body, null, null, null);

        var detail = body?["error_detail"] as JsonObject;
        var code = Text(detail?["code"]);
        var error = Text(body?["error"]) ?? Text(detail?["message"]) ?? Text(body?["message"]);
        return new Answer(status, body, code, error, detail?["details"] as JsonObject);
    }

    /// <summary>A refusal in words; Core's own message is kept (short, one line, without the key), never the raw body.</summary>
    CloudCallException Failure(Answer answer, string what)
    {
        var reason = Clean(answer.Error);
        var message = answer.Status switch
        {
            401 => $"Blnk Cloud refused the app's API key when it tried to {what}: the app may have been uninstalled or its key revoked.",
            403 => $"Blnk Cloud did not allow the app to {what}{(reason is null ? "" : $" ({reason})")}. An admin can reinstall the app in Blnk Cloud and grant the missing permission.",
            404 => $"Blnk Cloud found nothing when the app tried to {what}{(reason is null ? "" : $": {reason}")}.",
            429 => $"Blnk Cloud kept asking the app to slow down when it tried to {what}. The next run continues where this one stopped.",
            >= 500 => $"Blnk Cloud had a problem (HTTP {answer.Status}) when the app tried to {what}, and still had it after several tries. The next run continues where this one stopped.",
            _ => $"Blnk refused to {what}: {reason ?? "no reason given"} (HTTP {answer.Status}).",
        };
        return new CloudCallException(message, answer.Status, answer.Code, outcomeUnknown: answer.Status >= 500 && answer.Status != 503);
    }

    /// <summary>One line, at most 300 characters, and never the key even if a server echoed it.</summary>
    internal string? Clean(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var line = text.Replace(_key, "[redacted]", StringComparison.Ordinal).ReplaceLineEndings(" ").Trim();
        return line.Length <= 300 ? line : line[..300] + "…";
    }

    static string Words(HttpRequestError error) => error switch
    {
        HttpRequestError.ConnectionError => "connection refused or dropped",
        HttpRequestError.NameResolutionError => "its address could not be resolved",
        HttpRequestError.SecureConnectionError => "the secure connection failed",
        HttpRequestError.ResponseEnded => "the connection closed before the answer was complete",
        _ => "network error",
    };

    internal static string? Text(JsonNode? node) =>
        node is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>()
        : node is JsonValue other && other.GetValueKind() is JsonValueKind.Number ? other.ToJsonString()
        : null;

    /// <summary>A JSON number (or numeric string) as an exact whole number; null when absent or not whole.</summary>
    internal static BigInteger? Integer(JsonNode? node)
    {
        if (node is not JsonValue value) return null;
        var raw = value.GetValueKind() switch
        {
            JsonValueKind.Number => value.ToJsonString(),
            JsonValueKind.String => value.GetValue<string>(),
            _ => null,
        };
        if (raw is null) return null;
        if (BigInteger.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole)) return whole;
        return decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && number == decimal.Truncate(number)
            ? new BigInteger(number)
            : null;
    }

    static KeyValuePair<string, string> Q(string name, string value) => new(name, value);
}
