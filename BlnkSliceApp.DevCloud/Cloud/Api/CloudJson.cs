using System.Text.Json;
using System.Text.Json.Nodes;
using BlnkSliceApp.DevCloud.Cloud.Installs;
using BlnkSliceApp.DevCloud.Cloud.Ledger;

namespace BlnkSliceApp.DevCloud.Cloud.Api;

/// <summary>Reading requests and writing answers of the Cloud API, in one place.</summary>
public static class CloudJson
{
    const string InstallItem = "devcloud.install";
    const string LedgerItem = "devcloud.ledger";

    public static void Bind(HttpContext context, DevCloudInstall install, InstanceLedger ledger)
    {
        context.Items[InstallItem] = install;
        context.Items[LedgerItem] = ledger;
    }

    public static InstanceLedger LedgerOf(HttpContext context) =>
        context.Items[LedgerItem] as InstanceLedger ?? throw new InvalidOperationException("The Cloud API gate did not run.");

    public static async Task<JsonObject> BodyAsync(HttpContext context)
    {
        try
        {
            var node = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            return node as JsonObject ?? throw CloudApiException.BadRequest("the request body must be a JSON object");
        }
        catch (JsonException)
        {
            throw CloudApiException.BadRequest("the request body is not valid JSON");
        }
    }

    /// <summary>
    /// An async handler taking only the HttpContext would bind as a RequestDelegate and its
    /// IResult would be dropped; typing it as a Delegate keeps the result.
    /// </summary>
    public static Delegate Handle(Func<HttpContext, Task<IResult>> handler) => handler;

    public static IResult Answer(int status, JsonNode body) =>
        Results.Text(body.ToJsonString(), "application/json; charset=utf-8", statusCode: status);

    public static IResult Answer(LedgerAnswer answer) => Answer(answer.Status, answer.Body);

    public static Task WriteAsync(HttpContext context, int status, JsonNode body) =>
        Answer(status, body).ExecuteAsync(context);
}
