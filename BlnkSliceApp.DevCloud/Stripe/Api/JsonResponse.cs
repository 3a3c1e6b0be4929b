using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace BlnkSliceApp.DevCloud.Stripe.Api;

static class JsonResponse
{
    /// <summary>
    /// Renders into a buffer first (inside the account lock, if the caller holds it), so a refused
    /// expansion can still become a clean error and no lock is held while the socket is written.
    /// </summary>
    public static ArrayBufferWriter<byte> Render(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>(4_096);
        using var json = new Utf8JsonWriter(buffer);
        write(json);
        json.Flush();
        return buffer;
    }

    public static async Task SendAsync(HttpContext context, int status, ArrayBufferWriter<byte> body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        context.Response.ContentLength = body.WrittenCount;
        await context.Response.Body.WriteAsync(body.WrittenMemory, context.RequestAborted);
    }

    public static Task SendErrorAsync(HttpContext context, StripeApiException error) =>
        SendAsync(context, error.Status, Render(json =>
        {
            json.WriteStartObject();
            json.WriteStartObject("error");
            if (error.Code is not null) json.WriteString("code", error.Code);
            if (error.Code is not null) json.WriteString("doc_url", "https://stripe.com/docs/error-codes/" + error.Code.Replace('_', '-'));
            json.WriteString("message", error.Message);
            if (error.Param is not null) json.WriteString("param", error.Param);
            json.WriteString("type", error.Type);
            json.WriteEndObject();
            json.WriteEndObject();
        }));
}
