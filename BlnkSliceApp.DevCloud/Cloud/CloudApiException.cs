using System.Text.Json.Nodes;

namespace BlnkSliceApp.DevCloud.Cloud;

/// <summary>
/// A refusal by the emulated Cloud API. Rendered as Blnk Core renders errors:
/// <c>{"error": "message"}</c>, plus <c>error_detail {code, message, details}</c> when the
/// refusal has a machine-readable code (the app branches on codes, never on messages).
/// </summary>
public sealed class CloudApiException(int status, string message, string? code = null, JsonObject? details = null)
    : Exception(message)
{
    public int Status { get; } = status;
    public string? Code { get; } = code;
    public JsonObject? Details { get; } = details;

    public JsonObject ToBody()
    {
        var body = new JsonObject { ["error"] = Message };
        if (Code is not null || Details is not null)
        {
            body["error_detail"] = new JsonObject
            {
                ["code"] = Code,
                ["message"] = Message,
                ["details"] = Details?.DeepClone(),
            };
        }
        return body;
    }

    public static CloudApiException BadRequest(string message, string? code = null) => new(400, message, code);
    public static CloudApiException NotFound(string message) => new(404, message, "NOT_FOUND");
}
