using System.Text.Json.Serialization;
using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Launch;

/// <summary>Cloud's portal generator call: which install a user is launching.</summary>
public sealed class Request
{
    [JsonPropertyName("installed_app_id")] public string? InstalledAppId { get; set; }
    [JsonPropertyName("app_id")] public string? AppId { get; set; }
    [JsonPropertyName("instance_id")] public string? InstanceId { get; set; }

    public sealed class Validator : Validator<Request>
    {
        public Validator()
        {
            RuleFor(r => r.InstalledAppId).NotEmpty().MaximumLength(200).OverridePropertyName("installed_app_id");
            RuleFor(r => r.AppId).NotEmpty().MaximumLength(200).OverridePropertyName("app_id");
            RuleFor(r => r.InstanceId).NotEmpty().MaximumLength(200).OverridePropertyName("instance_id");
        }
    }
}
