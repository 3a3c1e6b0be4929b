using BlnkSliceApp.Shared.Installs;
using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Install;

/// <summary>Cloud installed the app: remember the install and its scoped key.</summary>
public sealed record InstallCommand(
    string? InstalledAppId,
    string? AppId,
    string? InstanceId,
    string? ApiKey,
    string? ApiKeyPrefix,
    List<string>? GrantedPermissions,
    string? IdempotencyKey) : ICommand
{
    public override string ToString() => $"Install {InstalledAppId}";

    public sealed class Validator : AbstractValidator<InstallCommand>
    {
        public Validator()
        {
            // Install ids become parts of local record keys ("{install}|..."): only Cloud's id characters.
            RuleFor(c => c.InstalledAppId).NotEmpty().MaximumLength(200).Matches("^[A-Za-z0-9_-]+$").OverridePropertyName("installed_app_id")
                .WithMessage("installed_app_id may only hold letters, digits, '_' and '-'.");
            RuleFor(c => c.AppId).NotEmpty().MaximumLength(200).OverridePropertyName("app_id");
            RuleFor(c => c.InstanceId).NotEmpty().MaximumLength(200).OverridePropertyName("instance_id");
            RuleFor(c => c.ApiKey).NotEmpty().MaximumLength(4096).OverridePropertyName("api_key")
                .WithMessage("api_key is required.");
            RuleFor(c => c.ApiKeyPrefix).NotEmpty().MaximumLength(64).OverridePropertyName("api_key_prefix")
                .Must((command, prefix) => command.ApiKey is null || prefix is null || command.ApiKey.StartsWith(prefix, StringComparison.Ordinal))
                .WithMessage("api_key_prefix must be the beginning of api_key.");
            RuleFor(c => c.GrantedPermissions).NotNull().OverridePropertyName("granted_permissions")
                .Must(scopes => scopes is null || scopes.All(scope => scope is not null && Scopes.Known.Contains(scope)))
                .WithMessage($"granted_permissions may only hold {string.Join(", ", Scopes.Known)}.");
            RuleFor(c => c.IdempotencyKey).NotEmpty().MaximumLength(300).OverridePropertyName("idempotency_key");
        }
    }
}
