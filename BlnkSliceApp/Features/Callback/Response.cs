using System.Text.Json.Serialization;

namespace BlnkSliceApp.Features.Callback;

public sealed class Response
{
    [JsonPropertyName("ok")] public bool Ok { get; init; } = true;
}
