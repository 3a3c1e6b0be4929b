namespace BlnkSliceApp.DevCloud.Stripe.Api;

/// <summary>An answer in Stripe's error shape; thrown while handling and rendered by the router.</summary>
public sealed class StripeApiException(int status, string type, string message, string? code = null, string? param = null)
    : Exception(message)
{
    public int Status { get; } = status;
    public string Type { get; } = type;
    public string? Code { get; } = code;
    public string? Param { get; } = param;

    public static StripeApiException BadRequest(string message, string? param = null, string? code = null) =>
        new(400, "invalid_request_error", message, code, param);

    public static StripeApiException NotFound(string noun, string id) =>
        new(404, "invalid_request_error", $"No such {noun}: '{id}'", "resource_missing", "id");

    public static StripeApiException UnrecognizedUrl(string method, string path) =>
        new(404, "invalid_request_error",
            $"Unrecognized request URL ({method}: {path}). Please see https://stripe.com/docs or we can help at https://support.stripe.com/.");
}
