using BlnkSliceApp.Shared.Installs;
using FastEndpoints;
using FluentValidation;

namespace BlnkSliceApp.Features.Install;

/// <summary>Cloud installed the app, or changed an install's key or granted scopes.</summary>
public sealed record InstallCommand(
    string? InstalledAppId,
    string? AppId,
    string? InstanceId,
    string? OrganizationId,
    string? ApiKey,
    string? ApiKeyPrefix,
    List<string>? GrantedPermissions,
    string? IdempotencyKey) : ICommand
{
    public override string ToString() => $"Install {InstalledAppId}";

    /// <summary>
    /// Accepts what Cloud really sends: the prefix only identifies the key (Blnk's own example
    /// app sends one that is not the start of its key), and a scope Cloud adds later is kept
    /// and ignored rather than refused.
    /// </summary>
    public sealed class Validator : AbstractValidator<InstallCommand>
    {
        public Validator()
        {
            RuleFor(c => c.InstalledAppId).CloudId("installed_app_id");
            RuleFor(c => c.AppId).CloudId("app_id");
            RuleFor(c => c.InstanceId).CloudId("instance_id");
            RuleFor(c => c.OrganizationId).MaximumLength(CloudIds.MaxLength).Must(CloudIds.IsPrintable).OverridePropertyName("organization_id")
                .WithMessage("organization_id must be printable text.");
            // Keys travel in an Authorization header and prefixes reach logs: visible ASCII only.
            RuleFor(c => c.ApiKey).NotEmpty().WithMessage("api_key is required.")
                .MaximumLength(4096).Must(ApiKeyPrefixes.IsVisibleAscii).WithMessage("api_key must be visible ASCII characters (no spaces or line breaks).")
                .OverridePropertyName("api_key");
            RuleFor(c => c.ApiKeyPrefix).MaximumLength(4096).Must(ApiKeyPrefixes.IsVisibleAscii)
                .WithMessage("api_key_prefix must be visible ASCII characters (no spaces or line breaks).").OverridePropertyName("api_key_prefix");
            RuleFor(c => c.GrantedPermissions).NotNull().OverridePropertyName("granted_permissions")
                .Must(scopes => scopes is null || scopes.Count <= Scopes.MaxGranted).WithMessage($"granted_permissions may hold at most {Scopes.MaxGranted} scopes.")
                .Must(scopes => scopes is null || scopes.All(Scopes.IsWellFormed)).WithMessage("granted_permissions must be a list of scope names (printable text of 1 to 100 characters).");
            RuleFor(c => c.IdempotencyKey).NotEmpty().MaximumLength(300).Must(CloudIds.IsPrintable).OverridePropertyName("idempotency_key");
        }
    }
}
