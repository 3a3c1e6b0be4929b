using System.Text.Json.Serialization;

namespace BlnkSliceApp.Features.Launch;

public sealed class Response
{
    /// <summary>A fresh one-time link; the only URL that ever carries a token.</summary>
    [JsonPropertyName("portal_url")] public required string PortalUrl { get; init; }
}
